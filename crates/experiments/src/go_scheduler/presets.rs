//! The eight workloads the page starts from, as program texts a person can read and change.
//! Each teaches one picture; the tests beside them check that the picture appears.

/// One preset: a stable id (links, tests), a title, the GOMAXPROCS and the `N` it is meant
/// for, and the program.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Preset {
    pub id: &'static str,
    pub title: &'static str,
    /// The GOMAXPROCS the lesson is clearest at (the page may offer it as the default).
    pub procs: u32,
    /// The value of `N` the lesson is clearest at (the programs that use `N` start about that
    /// many goroutines; the page sets its "goroutines" control to it).
    pub n: u32,
    pub source: &'static str,
}

/// Every preset, in the order the page lists them; the `preset` parameter is an index here.
pub const PRESETS: &[Preset] = &[
    Preset {
        id: "uniform",
        title: "Uniform CPU-bound",
        procs: 4,
        n: 16,
        source: "\
// N goroutines with the same CPU work: every P stays busy.
var wg WaitGroup
for i in 0..N {
    wg.add(1)
    go {
        work(500)    // 500 µs of CPU
        wg.done()
    }
}
wg.wait()
",
    },
    Preset {
        id: "unbalanced",
        title: "Unbalanced: one goroutine spawns the rest",
        procs: 4,
        n: 32,
        source: "\
// One goroutine starts all the others: they queue on its P,
// and idle Ps steal half of that queue at a time.
var wg WaitGroup
wg.add(1)
go {
    for i in 0..N {
        wg.add(1)
        go {
            work(200)
            wg.done()
        }
    }
    wg.done()
}
wg.wait()
",
    },
    Preset {
        id: "syscalls",
        title: "Blocking syscalls: hand-off",
        procs: 2,
        n: 8,
        source: "\
// Each goroutine blocks its M in a syscall. Sysmon takes the P
// from a blocked M and hands it to another M: more Ms than Ps.
var wg WaitGroup
for i in 0..N {
    wg.add(1)
    go {
        work(50)
        syscall(500)   // 500 µs blocked in the kernel
        work(50)
        wg.done()
    }
}
wg.wait()
",
    },
    Preset {
        id: "pipeline",
        title: "Channel pipeline",
        procs: 2,
        n: 8,
        source: "\
// Three stages joined by unbuffered channels: generate, square,
// collect; N values flow through.
nums := chan(0)
squares := chan(0)
out := chan(0)
go {
    for i in 0..N {
        work(20)
        nums <- i + 1
    }
}
go {
    for i in 0..N {
        v := <-nums
        work(40)
        squares <- v * v
    }
}
go {
    for i in 0..N {
        v := <-squares
        work(20)
        out <- v
    }
}
for i in 0..N {
    <-out
}
",
    },
    Preset {
        id: "fan-out-fan-in",
        title: "Fan-out, fan-in",
        procs: 4,
        n: 16,
        source: "\
// Fan-out: N workers wait on one channel of jobs.
// Fan-in: each sends its result to one channel main collects.
jobs := chan(0)
results := chan(0)
for w in 0..N {
    go {
        n := <-jobs
        work(100 + 10 * n)
        results <- n
    }
}
for n in 0..N {
    jobs <- n
}
for n in 0..N {
    <-results
}
",
    },
    Preset {
        id: "sleepers",
        title: "Sleepers and timers",
        procs: 2,
        n: 6,
        source: "\
// Goroutines sleep on timers; later ones sleep less, so they
// wake first: timers fire in deadline order, not start order.
woke := chan(0)
for i in 0..N {
    go {
        sleep(100 * (N - i))
        woke <- i
    }
}
for i in 0..N {
    <-woke
}
",
    },
    Preset {
        id: "never-yield",
        title: "A goroutine that never yields",
        procs: 1,
        n: 2,
        source: "\
// With GOMAXPROCS=1: the spinner never blocks or yields, so it
// keeps the only P and the ticker waits until it is done.
var wg WaitGroup
wg.add(2)
go {                      // ticker: wants to run every 200 µs
    for i in 0..5 {
        sleep(200)
        work(5)
    }
    wg.done()
}
go {                      // spinner: 2 ms of CPU, no yield point
    for i in 0..20 {
        work(100)
    }
    wg.done()
}
wg.wait()
",
    },
    Preset {
        id: "yield-point",
        title: "The same with a yield point",
        procs: 1,
        n: 2,
        source: "\
// The same spinner with yield() in its loop: it lets the
// scheduler run the ticker between its slices of work.
var wg WaitGroup
wg.add(2)
go {                      // ticker: wants to run every 200 µs
    for i in 0..5 {
        sleep(200)
        work(5)
    }
    wg.done()
}
go {                      // spinner: 2 ms of CPU, yielding every 100 µs
    for i in 0..20 {
        work(100)
        yield()
    }
    wg.done()
}
wg.wait()
",
    },
];

/// Every preset's id, in [`PRESETS`] order (the values of the link's `preset` key; a test
/// checks they agree).
pub const IDS: [&str; 8] =
    ["uniform", "unbalanced", "syscalls", "pipeline", "fan-out-fan-in", "sleepers", "never-yield", "yield-point"];

/// The preset with this id.
pub fn find(id: &str) -> Option<&'static Preset> {
    PRESETS.iter().find(|p| p.id == id)
}
