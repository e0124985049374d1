//! Rendering and formatting checked services on worker threads.
//!
//! Checking stays on one thread: it reads the tree folder by folder and checks each service
//! against its vendor. Rendering and formatting a checked service need nothing but the
//! service, and are most of a cold run's time, so the checking thread hands each service to
//! a pool of workers and takes the formatted files back **in the order it handed them out**:
//! what is staged, cached and reported never depends on which thread was quicker. At most
//! twice as many services as there are workers are in flight, so memory stays bounded at
//! any tree size.

use std::any::Any;
use std::collections::BTreeMap;
use std::io;
use std::panic::{self, AssertUnwindSafe};
use std::sync::mpsc::{self, Receiver, SyncSender};
use std::sync::{Arc, Mutex};
use std::thread::Scope;
use std::time::{Duration, Instant};

use crate::ir::Service;
use crate::render::{render_service, OutputFile, Target};

/// The most rendering threads a pool starts, whatever it is asked for. Past the number of
/// cores more threads only cost memory (each holds up to two services), so a mistyped
/// `--jobs 10000` is not allowed to start ten thousand threads.
pub const MAX_THREADS: usize = 64;

/// How many threads to render with when nothing says otherwise: one per available core.
pub fn available() -> usize {
    std::thread::available_parallelism().map_or(1, usize::from)
}

/// A service's formatted files, or why rendering it failed.
pub(crate) struct Done {
    pub files: Result<Vec<OutputFile>, String>,
    /// Actions the service has.
    pub actions: usize,
    /// Time spent building token streams and Markdown, formatting excluded.
    pub render: Duration,
    /// Time spent formatting with prettyplease.
    pub format: Duration,
}

/// What a worker sends back: the service's files, or the panic that stopped it, to be
/// resumed on the checking thread as if rendering had run there.
enum Outcome {
    Done(Done),
    Panicked(Box<dyn Any + Send>),
}

/// A pool of rendering threads living in a [`std::thread::scope`]. Dropping it lets the
/// workers finish their current service and stop; the scope joins them.
pub(crate) struct Workers {
    queue: SyncSender<(usize, Service)>,
    finished: Receiver<(usize, Outcome)>,
    /// Results that came back before an earlier service's, by submission number.
    early: BTreeMap<usize, Done>,
    submitted: usize,
    /// Submission number of the next result to hand out.
    next: usize,
    limit: usize,
}

impl Workers {
    /// Starts up to `threads` workers (at least one, at most [`MAX_THREADS`]) rendering
    /// services of `target`; fewer if the system refuses more threads, and an error if it
    /// refuses the first.
    pub fn spawn<'scope, 'env>(
        scope: &'scope Scope<'scope, 'env>,
        threads: usize,
        target: Target<'env>,
    ) -> io::Result<Self> {
        let threads = threads.clamp(1, MAX_THREADS);
        let (queue, jobs) = mpsc::sync_channel::<(usize, Service)>(threads);
        let (report, finished) = mpsc::channel();
        let jobs = Arc::new(Mutex::new(jobs));
        let mut started = 0;
        for _ in 0..threads {
            let (jobs, report) = (Arc::clone(&jobs), report.clone());
            let thread = std::thread::Builder::new().name("cloudbind-render".into());
            let spawned = thread.spawn_scoped(scope, move || loop {
                // The lock is held only while waiting for the next service.
                let job = match jobs.lock() {
                    Ok(jobs) => jobs.recv(),
                    Err(_) => break,
                };
                // The queue closes when the pool is dropped.
                let Ok((number, service)) = job else { break };
                let outcome = panic::catch_unwind(AssertUnwindSafe(|| render(&service, &target)))
                    .map_or_else(Outcome::Panicked, Outcome::Done);
                if report.send((number, outcome)).is_err() {
                    break;
                }
            });
            match spawned {
                Ok(_) => started += 1,
                Err(error) if started == 0 => return Err(error),
                Err(_) => break,
            }
        }
        Ok(Workers { queue, finished, early: BTreeMap::new(), submitted: 0, next: 0, limit: 2 * started })
    }

    /// Hands a service to the workers, waiting while their queue is full.
    pub fn submit(&mut self, service: Service) {
        if self.queue.send((self.submitted, service)).is_err() {
            // Workers stop only when the pool is dropped or a panic was caught and resumed.
            panic!("the rendering threads stopped while services were still being handed out");
        }
        self.submitted += 1;
    }

    /// Whether as many services are in flight as the pool allows.
    pub fn is_full(&self) -> bool {
        self.submitted - self.next >= self.limit
    }

    /// The result of the earliest submitted service not handed out yet: at once if it is
    /// back, after waiting for it if `wait`, otherwise `None`. `None` too when nothing is in
    /// flight. A panic of the worker that rendered it is resumed here.
    pub fn next(&mut self, wait: bool) -> Option<Done> {
        loop {
            if let Some(done) = self.early.remove(&self.next) {
                self.next += 1;
                return Some(done);
            }
            if self.next == self.submitted {
                return None;
            }
            let received = if wait {
                self.finished.recv().ok()
            } else {
                match self.finished.try_recv() {
                    Ok(received) => Some(received),
                    Err(mpsc::TryRecvError::Empty) => return None,
                    Err(mpsc::TryRecvError::Disconnected) => None,
                }
            };
            match received {
                Some((number, Outcome::Done(done))) => {
                    self.early.insert(number, done);
                }
                Some((_, Outcome::Panicked(payload))) => panic::resume_unwind(payload),
                // Every worker holds a sender until the pool is dropped, and none panics
                // uncaught, so services in flight cannot be lost without a trace.
                None => panic!("the rendering threads stopped with services in flight"),
            }
        }
    }
}

/// Renders one service and formats its files.
fn render(service: &Service, target: &Target) -> Done {
    let start = Instant::now();
    let mut format = Duration::ZERO;
    let mut files = Vec::new();
    let rendered = render_service(service, target, &mut |rendered| {
        let formatting = Instant::now();
        files.push(rendered.finish()?);
        format += formatting.elapsed();
        Ok(())
    });
    Done {
        files: rendered.map(|()| files),
        actions: service.actions.len(),
        render: start.elapsed().saturating_sub(format),
        format,
    }
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use super::*;
    use crate::render::BINDINGS;

    /// The seed services, in the order the checker hands them out.
    fn seed_services() -> Vec<Service> {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).parent().expect("workspace root");
        let ir = crate::load_ir(root).unwrap_or_else(|e| panic!("{e}"));
        ir.vendors.into_iter().flat_map(|vendor| vendor.services).collect()
    }

    #[test]
    fn results_come_back_in_the_order_services_were_handed_out() {
        let mut services = seed_services();
        // The first service is made far heavier than the others, so they finish before it.
        let every_action: Vec<_> = services.iter().flat_map(|s| s.actions.clone()).collect();
        services[0].actions = (0..10).flat_map(|_| every_action.clone()).collect();
        let expected: Vec<String> = services.iter().map(|s| s.spec_file.clone()).collect();
        let got = std::thread::scope(|scope| {
            let mut workers = Workers::spawn(scope, 3, BINDINGS).expect("threads");
            let mut got = Vec::new();
            for service in services {
                workers.submit(service);
                // Whatever is back already, in order.
                got.extend(std::iter::from_fn(|| workers.next(false)));
            }
            got.extend(std::iter::from_fn(|| workers.next(true)));
            got
        });
        assert_eq!(got.len(), expected.len());
        for (done, spec) in got.iter().zip(&expected) {
            // A service's first file is its version module, whose header names the service file.
            let files = done.files.as_ref().expect("rendered");
            let header = files[0].contents.lines().next().unwrap_or_default();
            assert!(header.contains(spec.as_str()), "{header} is not from {spec}");
        }
    }

    #[test]
    fn a_pool_never_starts_more_than_max_threads() {
        std::thread::scope(|scope| {
            let workers = Workers::spawn(scope, 1000, BINDINGS).expect("threads");
            assert_eq!(workers.limit, 2 * MAX_THREADS);
        });
    }

    /// A renderer bug that panics on a worker panics the caller, as it would on one thread,
    /// instead of hanging the run or losing the service.
    #[test]
    fn a_panic_while_rendering_reaches_the_caller() {
        let mut services = seed_services();
        services[1].actions[0].marker = "not an identifier".into();
        let caught = panic::catch_unwind(AssertUnwindSafe(|| {
            std::thread::scope(|scope| {
                let mut workers = Workers::spawn(scope, 2, BINDINGS).expect("threads");
                for service in services {
                    workers.submit(service);
                }
                while workers.next(true).is_some() {}
            })
        }));
        let payload = caught.expect_err("the panic reaches the caller");
        let message = payload
            .downcast_ref::<String>()
            .cloned()
            .or_else(|| payload.downcast_ref::<&str>().map(|s| s.to_string()))
            .unwrap_or_default();
        assert!(message.contains("not an identifier"), "{message}");
    }
}
