//! OS notifications through notify-rust, sent off the timer thread so a stalled server never stops the timer.
//!
//! The timer hands each notification to [`Notifier::show`], which only queues it. A
//! dispatcher thread sends them in order, each call on a thread of its own: a call that
//! has not returned after [`STALL`] is reported and the next notification goes anyway
//! (a D-Bus call cannot be cancelled; when the server wakes up it answers them all). A
//! late answer and a refusal are both said in the window, never dropped silently.
//!
//! A notification may name a slot (one per service): the next one in the same slot
//! replaces it on screen (`replaces_id` on Linux), so a notice whose phase has passed does
//! not stay beside the one that followed it. Windows' toasts through notify-rust have no
//! tag to replace by; there a critical one is a Reminder toast that staff close.

use std::any::Any;
use std::collections::VecDeque;
use std::sync::mpsc;
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::{Duration, Instant};

use std::collections::HashMap;

use onshi::message::{Message, Urgency};

/// How long a call may go unanswered before staff are told and the next one is sent.
pub const STALL: Duration = Duration::from_secs(10);

/// An answer later than this after the notification was due is reported as late.
pub const LATE: Duration = Duration::from_secs(5);

/// How many shown notifications to keep connected.
const KEEP: usize = 8;

/// What a server gave for one notification it showed.
#[derive(Default)]
pub struct Shown {
    /// The server's id for it, which a later one in its slot replaces.
    pub id: Option<u32>,
    /// Something to keep alive (on Linux the handle, which holds its D-Bus connection).
    pub keep: Option<Box<dyn Any + Send>>,
}

/// What sending one notification gives, or why it failed.
pub type Sent = Result<Shown, String>;

/// Sends one notification — replacing the server's notification `replaces`, if given —
/// and waits for the server's answer.
pub type SendFn = Arc<dyn Fn(&Message, Urgency, Option<u32>) -> Sent + Send + Sync>;

/// Sends notifications and keeps what staff should know about their delivery.
pub struct Notifier {
    send: SendFn,
    queue: Mutex<Option<mpsc::Sender<Job>>>,
    outbox: Arc<Outbox>,
    stall: Duration,
    late: Duration,
}

struct Job {
    id: u64,
    message: Message,
    urgency: Urgency,
    slot: Option<String>,
}

#[derive(Default)]
struct Outbox(Mutex<Delivery>);

#[derive(Default)]
struct Delivery {
    /// Recent handles kept alive: some servers withdraw a notification once its
    /// sender's connection goes away.
    alive: VecDeque<Box<dyn Any + Send>>,
    /// The last refusal (no notification server…), until a notification gets through.
    failure: Option<String>,
    /// Queued or sent, not answered yet.
    pending: Vec<Pending>,
    /// Late or failed deliveries, for the window's problem list; taken by [`report`].
    reports: Vec<String>,
    /// The server's id of the last notification shown in each slot.
    slots: HashMap<String, u32>,
    next_id: u64,
}

struct Pending {
    id: u64,
    title: String,
    slot: Option<String>,
    queued: Instant,
}

impl Outbox {
    fn lock(&self) -> MutexGuard<'_, Delivery> {
        self.0.lock().unwrap_or_else(|e| e.into_inner())
    }
}

impl Notifier {
    /// `app_id` is the bundle identifier: Windows shows a toast only for an installed
    /// app whose Start-menu shortcut carries this id (the installer sets it).
    pub fn new(app_id: &str) -> Notifier {
        let app_id = app_id.to_string();
        Notifier::with_sender(
            Arc::new(move |m: &Message, u: Urgency, r: Option<u32>| send_os(&app_id, m, u, r)),
            STALL,
            LATE,
        )
    }

    /// A notifier that sends through `send` (tests give a server that hangs).
    pub fn with_sender(send: SendFn, stall: Duration, late: Duration) -> Notifier {
        Notifier {
            send,
            queue: Mutex::new(None),
            outbox: Arc::default(),
            stall,
            late,
        }
    }

    /// Queues `message` and returns at once; the dispatcher thread sends it, in place of
    /// the last one shown in `slot`.
    pub fn show(&self, message: &Message, urgency: Urgency, slot: Option<&str>) {
        let id = {
            let mut d = self.outbox.lock();
            d.next_id += 1;
            let id = d.next_id;
            d.pending.push(Pending {
                id,
                title: message.title.clone(),
                slot: slot.map(str::to_owned),
                queued: Instant::now(),
            });
            id
        };
        let job = Job {
            id,
            message: message.clone(),
            urgency,
            slot: slot.map(str::to_owned),
        };
        let mut queue = self.queue.lock().unwrap_or_else(|e| e.into_inner());
        let job = match queue.as_ref() {
            Some(tx) => match tx.send(job) {
                Ok(()) => return,
                Err(mpsc::SendError(job)) => job,
            },
            None => job,
        };
        // First notification, or the dispatcher is gone: start one.
        let (tx, rx) = mpsc::channel();
        let (send, outbox, stall, late) = (
            self.send.clone(),
            self.outbox.clone(),
            self.stall,
            self.late,
        );
        let started = std::thread::Builder::new()
            .name("onshi-notify".into())
            .spawn(move || dispatch(rx, send, outbox, stall, late));
        match started {
            Ok(_) => {
                let _ = tx.send(job);
                *queue = Some(tx);
            }
            Err(e) => finish(
                &self.outbox,
                id,
                Err(format!("cannot start a thread: {e}")),
                late,
            ),
        }
    }

    /// What keeps notifications from staff now, if anything: the last refusal, or a
    /// server that has not answered for longer than the stall time.
    pub fn failure(&self) -> Option<String> {
        let d = self.outbox.lock();
        if let Some(f) = &d.failure {
            return Some(f.clone());
        }
        let stalled: Vec<&Pending> = d
            .pending
            .iter()
            .filter(|p| p.queued.elapsed() >= self.stall)
            .collect();
        let first = stalled.first()?;
        let waited = first.queued.elapsed().as_secs();
        let more = stalled.len() - 1;
        Some(format!(
            "通知サーバーが{waited}秒応答しません。「{}」{}がまだ届いていません / the notification server has not answered for {waited} s: \"{}\"{} not delivered yet",
            first.title,
            if more > 0 { format!("ほか{more}件") } else { String::new() },
            first.title,
            if more > 0 { format!(" and {more} more") } else { String::new() },
        ))
    }

    /// Late and failed deliveries since the last call, one message each, for the window
    /// (notify.rs moves them into the problem list).
    pub fn take_reports(&self) -> Vec<String> {
        std::mem::take(&mut self.outbox.lock().reports)
    }
}

/// Sends the queue in order; a call that stalls is left on its own thread.
fn dispatch(
    rx: mpsc::Receiver<Job>,
    send: SendFn,
    outbox: Arc<Outbox>,
    stall: Duration,
    late: Duration,
) {
    for job in rx {
        let (done_tx, done_rx) = mpsc::channel::<()>();
        let (send, outbox2) = (send.clone(), outbox.clone());
        let title = job.message.title.clone();
        let id = job.id;
        // Read when it is sent, not when queued: the one before it has been answered by now
        // (unless it stalled, and then this one is shown beside it).
        let replaces = job
            .slot
            .as_ref()
            .and_then(|s| outbox.lock().slots.get(s).copied());
        let call = std::thread::Builder::new()
            .name("onshi-notify-call".into())
            .spawn(move || {
                let result = send(&job.message, job.urgency, replaces);
                finish(&outbox2, job.id, result, late);
                let _ = done_tx.send(());
            });
        if let Err(e) = call {
            finish(
                &outbox,
                id,
                Err(format!("cannot start a thread: {e}")),
                late,
            );
            continue;
        }
        if done_rx.recv_timeout(stall) == Err(mpsc::RecvTimeoutError::Timeout) {
            // One line per stall: what operators and the end-to-end tests read.
            println!(
                "onshi-watch: notify-stalled waited_s={:.1} title={title}",
                stall.as_secs_f64()
            );
            eprintln!(
                "onshi-watch: the notification server has not answered in {:.1} s; later notifications are sent anyway",
                stall.as_secs_f64()
            );
        }
    }
}

/// Records the answer to notification `id`.
fn finish(outbox: &Outbox, id: u64, result: Sent, late: Duration) {
    let mut d = outbox.lock();
    let Some(i) = d.pending.iter().position(|p| p.id == id) else {
        return;
    };
    let p = d.pending.remove(i);
    let waited = p.queued.elapsed();
    match result {
        Ok(Shown { id: shown, keep }) => {
            if let (Some(slot), Some(shown)) = (&p.slot, shown) {
                d.slots.insert(slot.clone(), shown);
            }
            if let Some(keep) = keep {
                d.alive.push_back(keep);
                while d.alive.len() > KEEP {
                    d.alive.pop_front();
                }
            }
            d.failure = None;
            if waited > late {
                let s = waited.as_secs();
                println!("onshi-watch: notify-late late_s={s} title={}", p.title);
                d.reports.push(format!(
                    "通知「{}」は{s}秒遅れて表示されました（通知サーバーが応答していませんでした） / The notification \"{}\" was shown {s} s late: the notification server was not answering.",
                    p.title, p.title
                ));
            }
        }
        Err(e) => {
            println!("onshi-watch: notify-failed title={} error={e}", p.title);
            if d.failure.is_none() {
                eprintln!(
                    "onshi-watch: cannot show a notification ({e}); the tray and the window still show the state"
                );
            }
            if waited > late {
                d.reports.push(format!(
                    "通知「{}」を表示できませんでした（{e}） / The notification \"{}\" could not be shown ({e}).",
                    p.title, p.title
                ));
            }
            d.failure = Some(e);
        }
    }
}

/// Shows `message` through the OS and waits for the answer.
fn send_os(app_id: &str, message: &Message, urgency: Urgency, replaces: Option<u32>) -> Sent {
    let mut n = notify_rust::Notification::new();
    n.summary(&message.title)
        .body(&message.body)
        .appname("オン資ウォッチ");
    #[cfg(all(unix, not(target_os = "macos")))]
    {
        use notify_rust::Hint;
        if let Some(id) = replaces {
            n.id(id);
        }
        n.urgency(os_urgency(urgency))
            // The desktop entry's file name without `.desktop`: the .deb installs
            // jp.onshiwatch.desktop.desktop (packaging/linux), name and icon for the server.
            .hint(Hint::DesktopEntry(app_id.to_string()))
            .hint(Hint::Category("network".into()));
        n.show()
            .map(|h| Shown {
                id: Some(h.id()),
                keep: Some(Box::new(h) as Box<dyn Any + Send>),
            })
            .map_err(|e| e.to_string())
    }
    #[cfg(target_os = "windows")]
    {
        // A toast has no id to replace by here; critical becomes a Reminder toast.
        let _ = replaces;
        n.app_id(app_id).urgency(os_urgency(urgency));
        n.show()
            .map(|_| Shown::default())
            .map_err(|e| e.to_string())
    }
    #[cfg(target_os = "macos")]
    {
        let _ = (urgency, replaces, app_id);
        n.show()
            .map(|_| Shown::default())
            .map_err(|e| e.to_string())
    }
}

#[cfg(not(target_os = "macos"))]
fn os_urgency(u: Urgency) -> notify_rust::Urgency {
    match u {
        Urgency::Normal => notify_rust::Urgency::Normal,
        Urgency::Critical => notify_rust::Urgency::Critical,
    }
}
