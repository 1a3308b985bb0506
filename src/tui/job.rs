//! Work off the UI thread: one value computed on another thread and waited
//! for only where it is needed. Drawing never waits: it sees the value once
//! somebody has waited for it, and nothing before.

use std::thread::JoinHandle;

/// A value being computed on another thread, or computed.
#[derive(Debug)]
pub struct Job<T, E> {
    state: State<T, E>,
}

#[derive(Debug)]
enum State<T, E> {
    /// Nothing started, or a failure already reported.
    Idle,
    Running(JoinHandle<Result<T, E>>),
    Done(T),
}

/// Why waiting gave no value.
#[derive(Debug)]
pub enum JobError<E> {
    /// The work returned this error (reported once; the job is idle after).
    Failed(E),
    /// The work panicked.
    Stopped,
    /// Nothing was started.
    Idle,
}

impl<T, E> Default for Job<T, E> {
    fn default() -> Self {
        Job { state: State::Idle }
    }
}

impl<T: Send + 'static, E: Send + 'static> Job<T, E> {
    /// Start `work` on another thread.
    #[must_use]
    pub fn spawn(work: impl FnOnce() -> Result<T, E> + Send + 'static) -> Job<T, E> {
        Job {
            state: State::Running(std::thread::spawn(work)),
        }
    }

    /// A job whose value is already there.
    #[must_use]
    pub fn done(value: T) -> Job<T, E> {
        Job {
            state: State::Done(value),
        }
    }

    /// The value, once somebody has waited for it (never blocks).
    #[must_use]
    pub fn get(&self) -> Option<&T> {
        match &self.state {
            State::Done(v) => Some(v),
            State::Idle | State::Running(_) => None,
        }
    }

    /// The value to change, once somebody has waited for it.
    pub fn get_mut(&mut self) -> Option<&mut T> {
        match &mut self.state {
            State::Done(v) => Some(v),
            State::Idle | State::Running(_) => None,
        }
    }

    /// The value if it is there (a job still running is left to finish
    /// on its own).
    #[must_use]
    pub fn into_done(self) -> Option<T> {
        match self.state {
            State::Done(v) => Some(v),
            State::Idle | State::Running(_) => None,
        }
    }

    /// Whether the work has ended (its value, or its error, then waits to
    /// be taken by [`Job::wait`] without blocking).
    #[must_use]
    pub fn finished(&self) -> bool {
        match &self.state {
            State::Running(handle) => handle.is_finished(),
            State::Idle | State::Done(_) => true,
        }
    }

    /// Whether nothing is running and nothing is there.
    #[must_use]
    pub fn is_idle(&self) -> bool {
        matches!(self.state, State::Idle)
    }

    /// Wait for the value (at once if it is there).
    ///
    /// # Errors
    /// The work failed or panicked (the job is idle afterwards), or nothing
    /// was started.
    pub fn wait(&mut self) -> Result<&mut T, JobError<E>> {
        if let State::Running(_) = self.state
            && let State::Running(handle) = std::mem::replace(&mut self.state, State::Idle)
        {
            match handle.join() {
                Ok(Ok(v)) => self.state = State::Done(v),
                Ok(Err(e)) => return Err(JobError::Failed(e)),
                Err(_) => return Err(JobError::Stopped),
            }
        }
        self.get_mut().ok_or(JobError::Idle)
    }
}

/// The work's own error keeps its type (callers tell the user's errors from
/// internal ones by it).
impl<E: Into<anyhow::Error>> From<JobError<E>> for anyhow::Error {
    fn from(e: JobError<E>) -> anyhow::Error {
        match e {
            JobError::Failed(e) => e.into(),
            JobError::Stopped => anyhow::anyhow!(crate::i18n::Msg::JobStopped.text()),
            JobError::Idle => anyhow::anyhow!(crate::i18n::Msg::JobIdle.text()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_value_is_seen_only_once_waited_for() {
        let (tx, rx) = std::sync::mpsc::channel::<()>();
        let mut job: Job<u32, String> = Job::spawn(move || {
            rx.recv().map_err(|e| e.to_string())?;
            Ok(7)
        });
        assert_eq!(job.get(), None, "running: drawing sees nothing");
        assert!(!job.is_idle());
        assert!(!job.finished(), "blocked on the channel");
        tx.send(()).expect("send");
        while !job.finished() {
            std::thread::yield_now();
        }
        assert_eq!(job.get(), None, "ended, not yet waited for");
        assert_eq!(job.wait().ok().copied(), Some(7));
        assert_eq!(job.get(), Some(&7));
    }

    #[test]
    fn a_failure_is_reported_once_then_the_job_is_idle() {
        let mut job: Job<u32, String> = Job::spawn(|| Err("locked".to_string()));
        assert!(matches!(job.wait(), Err(JobError::Failed(e)) if e == "locked"));
        assert!(job.is_idle());
        assert!(matches!(job.wait(), Err(JobError::Idle)));
    }

    #[test]
    fn a_panic_is_an_error_not_a_panic() {
        let mut job: Job<u32, String> = Job::spawn(|| panic!("boom"));
        assert!(matches!(job.wait(), Err(JobError::Stopped)));
    }

    #[test]
    fn the_works_error_keeps_its_type_through_anyhow() {
        let mut job: Job<u32, std::io::Error> = Job::spawn(|| Err(std::io::Error::other("disk")));
        let e: anyhow::Error = job.wait().map(|_| ()).expect_err("failed").into();
        assert!(e.downcast_ref::<std::io::Error>().is_some());
    }
}
