//! When to try a failed call again, and after how long.

use std::hash::{BuildHasher, RandomState};
use std::time::Duration;

use crate::error::Retry;

/// How often a call is attempted, and how long to pause between attempts.
///
/// Only errors whose class [`Retry::is_retryable`] (transient faults and throttling, or
/// throttling alone) are tried again. Without a wait from the service, the pause before
/// attempt `n + 1` is drawn at random between zero and `base_delay × 2^(n − 1)`, capped at
/// `max_delay` ("full jitter", so that clients failing together do not come back
/// together). A wait the service asked for (`Retry-After`) is kept as it is; one longer
/// than `max_wait` ends the retries, since coming back earlier would only be refused again.
/// `Retry::Unknown` is never retried: a loop that wants to retry, say, an undocumented
/// Alibaba code behind a 400 decides that itself.
///
/// A retried call can take effect twice when a transient error hides a success (a timeout
/// after the service acted, say). For an action that creates something, such as CreateFace,
/// [`RetryPolicy::only_throttling`] retries only calls the service turned away before acting.
/// This is also why the `Client` (feature `client`) does not retry unless given a policy.
///
/// The policy decides from what an error says about itself ([`Retry`] and the wait the
/// service asked for), so it serves a caller's own HTTP client as well as the `Client`:
///
/// ```
/// use cloudbind_runtime::{Retry, RetryPolicy};
/// use std::time::Duration;
///
/// let policy = RetryPolicy::standard();
/// // After a first attempt throttled with `Retry-After: 2`, wait the 2 s asked for.
/// let asked = Some(Duration::from_secs(2));
/// assert_eq!(policy.pause(1, Retry::Throttling, asked), Some(Duration::from_secs(2)));
/// // A request the service refused as wrong fails again: give up at once.
/// assert_eq!(policy.pause(1, Retry::Never, None), None);
/// // The third attempt was the last.
/// assert_eq!(policy.pause(3, Retry::Transient, None), None);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct RetryPolicy {
    max_attempts: u32,
    base_delay: Duration,
    max_delay: Duration,
    max_wait: Duration,
    transient: bool,
}

impl RetryPolicy {
    /// One attempt, no retry.
    pub const fn none() -> Self {
        RetryPolicy::new(1, Duration::ZERO, Duration::ZERO).only_throttling()
    }

    /// Three attempts in all, pauses drawn below 1 s then 2 s (capped at 20 s), as in the
    /// AWS SDKs' "standard" retry mode; and waits of up to a minute when a service asks
    /// for them, this crate's choice (Azure's throttling example asks for 26 s).
    pub const fn standard() -> Self {
        RetryPolicy::new(3, Duration::from_secs(1), Duration::from_secs(20)).with_max_wait(Duration::from_secs(60))
    }

    /// `max_attempts` attempts in all, the first included (0 counts as 1), pauses growing
    /// from `base_delay`, and none longer than `max_delay`, which is also the longest wait
    /// a service may ask for ([`RetryPolicy::with_max_wait`] changes that); transient faults
    /// and throttling are retried.
    pub const fn new(max_attempts: u32, base_delay: Duration, max_delay: Duration) -> Self {
        RetryPolicy { max_attempts: 1, base_delay, max_delay, max_wait: max_delay, transient: true }
            .with_max_attempts(max_attempts)
    }

    /// The same policy with `max_attempts` attempts in all, the first included (0 counts as
    /// 1), and its pauses and waits unchanged: `RetryPolicy::standard().with_max_attempts(5)`.
    pub const fn with_max_attempts(self, max_attempts: u32) -> Self {
        let max_attempts = if max_attempts == 0 { 1 } else { max_attempts };
        RetryPolicy { max_attempts, ..self }
    }

    /// The same policy honouring waits asked for by a service (`Retry-After`) up to
    /// `max_wait`, and giving up on longer ones.
    pub const fn with_max_wait(self, max_wait: Duration) -> Self {
        RetryPolicy { max_wait, ..self }
    }

    /// The same policy retrying throttling only ([`Retry::Throttling`]): a throttled call was
    /// turned away unprocessed, while a transient fault may hide a call that took effect.
    pub const fn only_throttling(self) -> Self {
        RetryPolicy { transient: false, ..self }
    }

    /// Whether transient faults ([`Retry::Transient`]) are retried, besides throttling.
    pub const fn retries_transient(&self) -> bool {
        self.transient
    }

    /// Attempts in all, the first included.
    pub const fn max_attempts(&self) -> u32 {
        self.max_attempts
    }

    /// The ceiling of the first pause; each later ceiling doubles it.
    pub const fn base_delay(&self) -> Duration {
        self.base_delay
    }

    /// The longest pause the policy draws itself.
    pub const fn max_delay(&self) -> Duration {
        self.max_delay
    }

    /// The longest wait asked for by a service that is honoured.
    pub const fn max_wait(&self) -> Duration {
        self.max_wait
    }

    /// How long to pause before another attempt, after `attempts` attempts (1 after the
    /// first; 0 counts as 1) failed with an error of class `retry` that asked for
    /// `retry_after`; `None` when not to try again.
    pub fn pause(&self, attempts: u32, retry: Retry, retry_after: Option<Duration>) -> Option<Duration> {
        self.pause_at(attempts, retry, retry_after, random_fraction())
    }

    /// [`RetryPolicy::pause`] with the random draw given: `fraction` in `[0, 1)` of the
    /// attempt's ceiling.
    fn pause_at(&self, attempts: u32, retry: Retry, retry_after: Option<Duration>, fraction: f64) -> Option<Duration> {
        let retryable = match retry {
            Retry::Throttling => true,
            Retry::Transient => self.transient,
            Retry::Never | Retry::Unknown => false,
        };
        // At least the first attempt failed: 0 would give one attempt more than the maximum.
        let attempts = attempts.max(1);
        if attempts >= self.max_attempts || !retryable {
            return None;
        }
        match retry_after {
            Some(wait) if wait > self.max_wait => None,
            Some(wait) => Some(wait),
            None => {
                let doublings = attempts.saturating_sub(1);
                let factor = 1u32.checked_shl(doublings).unwrap_or(u32::MAX);
                let ceiling = self.base_delay.saturating_mul(factor).min(self.max_delay);
                let fraction = if fraction.is_nan() { 0.0 } else { fraction.clamp(0.0, 1.0) };
                // `mul_f64` panics on overflow; a ceiling near `Duration::MAX` stays as it is.
                let pause = Duration::try_from_secs_f64(ceiling.as_secs_f64() * fraction).unwrap_or(ceiling);
                Some(pause.min(ceiling))
            }
        }
    }
}

impl Default for RetryPolicy {
    /// [`RetryPolicy::none`]: retrying is the caller's choice (see the type's docs).
    fn default() -> Self {
        RetryPolicy::none()
    }
}

/// A number in `[0, 1)` that differs from call to call. Jitter needs to spread clients
/// apart, not to be unpredictable, so std's randomly keyed hasher serves without a
/// dependency: its keys are random per thread, and each `RandomState` takes the next.
fn random_fraction() -> f64 {
    let bits = RandomState::new().hash_one(0u8);
    (bits >> 11) as f64 / (1u64 << 53) as f64
}

#[cfg(test)]
mod tests {
    use super::*;

    const SECOND: Duration = Duration::from_secs(1);

    #[test]
    fn only_retryable_classes_are_tried_again() {
        let policy = RetryPolicy::standard();
        assert!(policy.pause_at(1, Retry::Transient, None, 0.5).is_some());
        assert!(policy.pause_at(1, Retry::Throttling, None, 0.5).is_some());
        assert_eq!(policy.pause_at(1, Retry::Never, None, 0.5), None);
        assert_eq!(policy.pause_at(1, Retry::Unknown, None, 0.5), None);
        assert_eq!(policy.pause_at(1, Retry::Never, Some(SECOND), 0.5), None, "a wait does not make it retryable");

        let careful = policy.only_throttling();
        assert!(!careful.retries_transient() && policy.retries_transient());
        assert!(careful.pause_at(1, Retry::Throttling, None, 0.5).is_some());
        assert_eq!(careful.pause_at(1, Retry::Transient, None, 0.5), None);
        assert_eq!(careful.max_attempts(), policy.max_attempts());
    }

    #[test]
    fn attempts_stop_at_the_maximum() {
        let policy = RetryPolicy::new(4, SECOND, 20 * SECOND);
        for attempts in 1..4 {
            assert!(policy.pause_at(attempts, Retry::Transient, None, 0.5).is_some(), "after {attempts}");
        }
        assert_eq!(policy.pause_at(4, Retry::Transient, None, 0.5), None);
        assert_eq!(policy.pause_at(u32::MAX, Retry::Transient, None, 0.5), None);
        assert_eq!(RetryPolicy::none().pause_at(1, Retry::Transient, None, 0.5), None);
        assert_eq!(RetryPolicy::default(), RetryPolicy::none());
        assert_eq!(RetryPolicy::new(0, SECOND, SECOND).max_attempts(), 1, "0 attempts means the one attempt");
        // Only the count changes; the standard policy's pauses and waits stay.
        let five = RetryPolicy::standard().with_max_attempts(5);
        assert_eq!(
            (five.max_attempts(), five.base_delay(), five.max_delay(), five.max_wait()),
            (5, SECOND, 20 * SECOND, 60 * SECOND)
        );
        assert!(five.pause_at(4, Retry::Transient, None, 0.5).is_some());
        assert_eq!(five.pause_at(5, Retry::Transient, None, 0.5), None);
        assert_eq!(RetryPolicy::standard().only_throttling().with_max_attempts(0).max_attempts(), 1);
        assert!(!RetryPolicy::standard().only_throttling().with_max_attempts(4).retries_transient());
        // A caller counting retries from 0 instead of attempts from 1 gets no extra attempt,
        // and the policy without retries never retries.
        assert_eq!(RetryPolicy::none().pause_at(0, Retry::Throttling, None, 0.5), None);
        assert_eq!(RetryPolicy::new(2, SECOND, SECOND).pause_at(0, Retry::Transient, None, 1.0), Some(SECOND));
        assert_eq!(RetryPolicy::new(1, SECOND, SECOND).pause_at(0, Retry::Transient, None, 1.0), None);
    }

    #[test]
    fn ceilings_double_from_the_base_up_to_the_cap() {
        let policy = RetryPolicy::new(10, SECOND, 20 * SECOND);
        let top = |attempts| policy.pause_at(attempts, Retry::Transient, None, 1.0);
        assert_eq!(top(1), Some(SECOND));
        assert_eq!(top(2), Some(2 * SECOND));
        assert_eq!(top(3), Some(4 * SECOND));
        assert_eq!(top(5), Some(16 * SECOND));
        assert_eq!(top(6), Some(20 * SECOND), "capped");
        assert_eq!(top(9), Some(20 * SECOND));
        // The draw scales the ceiling; out-of-range draws are clamped.
        assert_eq!(policy.pause_at(3, Retry::Transient, None, 0.25), Some(SECOND));
        assert_eq!(policy.pause_at(3, Retry::Transient, None, 0.0), Some(Duration::ZERO));
        assert_eq!(policy.pause_at(3, Retry::Transient, None, -1.0), Some(Duration::ZERO));
        assert_eq!(policy.pause_at(3, Retry::Transient, None, f64::NAN), Some(Duration::ZERO));
        // Huge attempt counts and bases saturate instead of overflowing.
        let huge = RetryPolicy::new(u32::MAX, Duration::MAX, Duration::MAX);
        assert_eq!(huge.pause_at(200, Retry::Transient, None, 1.0), Some(Duration::MAX));
    }

    #[test]
    fn a_wait_the_service_asked_for_is_kept_unless_too_long() {
        let policy = RetryPolicy::standard();
        let asked = |wait| policy.pause_at(1, Retry::Throttling, Some(wait), 0.5);
        assert_eq!(asked(Duration::ZERO), Some(Duration::ZERO));
        assert_eq!(asked(3 * SECOND), Some(3 * SECOND), "longer than the jittered pause, kept");
        assert_eq!(asked(26 * SECOND), Some(26 * SECOND), "longer than max_delay, within max_wait");
        assert_eq!(asked(60 * SECOND), Some(60 * SECOND));
        assert_eq!(asked(61 * SECOND), None, "longer than max_wait: give up");

        // `new` honours waits up to its max_delay unless told otherwise.
        let quick = RetryPolicy::new(4, SECOND, 2 * SECOND);
        assert_eq!(quick.max_wait(), quick.max_delay());
        assert_eq!(quick.pause_at(1, Retry::Throttling, Some(3 * SECOND), 0.5), None);
        let patient = quick.with_max_wait(10 * SECOND);
        assert_eq!(patient.pause_at(1, Retry::Throttling, Some(3 * SECOND), 0.5), Some(3 * SECOND));
        // After three attempts the ceiling would be 4 s: only max_delay brings it to 2 s.
        assert_eq!(patient.max_delay(), 2 * SECOND);
        assert_eq!(patient.pause_at(3, Retry::Throttling, None, 1.0), Some(2 * SECOND), "draws keep their cap");
    }

    #[test]
    fn random_fractions_are_in_range_and_vary() {
        let draws: Vec<f64> = (0..64).map(|_| random_fraction()).collect();
        assert!(draws.iter().all(|d| (0.0..1.0).contains(d)), "{draws:?}");
        let first = draws[0];
        assert!(draws.iter().any(|d| *d != first), "64 draws are not all equal");
        let policy = RetryPolicy::standard();
        for _ in 0..64 {
            let pause = policy.pause(2, Retry::Transient, None).expect("a second attempt may follow");
            assert!(pause < 2 * SECOND, "{pause:?}");
        }
    }
}
