//! Go channels: unbuffered (rendezvous) and buffered, `close`, and `select`.
//! Go: chan.go, select.go.
//!
//! ## Layout
//! A channel is a lock, an optional ring buffer (only buffered channels
//! allocate one) and two FIFO queues of blocked operations, Go's `recvq` and
//! `sendq`. A queued operation is a [`Waiter`] (Go: `sudog`) that lives
//! **inside the blocked future** — the futures are `!Unpin`, so its address is
//! stable while it is queued — and the queues link waiters intrusively. A
//! blocking send or receive therefore allocates nothing, and a parked G costs
//! its own block plus its channel, nothing beside.
//!
//! ## Hand-over protocol
//! Every waiter points to a **claim word** (`AtomicU32`): its own for a plain
//! `send`/`recv`, one shared by all arms for a `select` (Go: `selectDone`).
//! 1. The owner enqueues its waiter under the channel lock (a send waiter
//!    carries the value) and parks.
//! 2. A counterpart, under the same lock, pops the waiter and claims it by
//!    CAS `WAITING → CLAIMING` on the claim word. A failed CAS means the owner
//!    was completed through another channel (a select) or is cancelling: the
//!    popped waiter is simply dropped from the queue and the next one tried.
//! 3. The winner moves the value (into a receive waiter's slot, or out of a
//!    send waiter's), takes the waker, stores `DONE + arm` with Release, and
//!    after that never touches the waiter again; it wakes the G after
//!    unlocking. The woken G goes to the waker's `runnext` (Go's `goready`).
//! 4. The owner reads `DONE` with Acquire and owns the slot again. A select
//!    then takes every channel lock and unlinks its other waiters (Go:
//!    selectgo's pass 3). Dropping a blocked future takes the lock(s),
//!    cancels (`WAITING → CANCELLED`) and unlinks.
//!
//! Under a waiter's channel lock its claim word is never `CLAIMING` for a
//! claimer on that channel, and a select holds **all** its channels' locks
//! (taken in address order, as Go's `sellock`) whenever it looks at or
//! changes its waiters, so no claimer can be mid-hand-over on any of them.
//! That is also why a select can pair with another select: a select's send
//! arm claims a queued receive waiter of another select exactly as it claims
//! a plain receiver's (the other select is parked, not polling).
//!
//! `select` polls its arms in a uniformly random order (Go: `selectgo`'s
//! `pollorder`, a Fisher–Yates shuffle with `cheaprandn`), drawn from the
//! current M's seeded generator so the simulator stays deterministic. Every
//! ready arm is then equally likely to fire. (Rotating the arms from one
//! random start is not uniform: the arm after a never-ready arm would win
//! twice as often as the others.)
//!
//! ## Files
//! - `state.rs` — the channel (lock, ring buffer, wait queues) and the
//!   non-blocking send and receive every operation starts with;
//! - `waiter.rs` — the waiter (Go's `sudog`), its claim word, the intrusive
//!   wait queue, and the one waiting helper both directions and select use;
//! - `ops.rs` — `chan()`, `Sender`, `Receiver`, and the `send`/`recv` futures;
//! - `select.rs` — `Select`.

mod ops;
mod select;
mod state;
mod waiter;

pub use ops::{Receiver, Recv, Send_, Sender, chan};
pub use select::Select;

use state::{Chan, Ring, State};
use waiter::{
    CANCELLED, DONE, Dir, WAITING, WaitQ, Waiter, cancel, claim, enqueue, finish, poll_queued, pop_claimed, set_waker, wake,
};
