// Go's side of the scheduler benchmark: the same rows as vs_tokio.rs beside
// this folder (spawn+join, Gosched alone and among 16 goroutines, unbuffered
// ping-pong, parked G), with GOMAXPROCS=2 to match its 2 Ps / 2 tokio
// workers; as there, a warm-up run, then the median of 5.
//
// Run by scripts/bench-scheduler.sh before the Rust rows; it prints one line,
//
//	GO <spawn ns> <yield alone ns> <yield 16 Gs ns> <ping-pong ns> <parked bytes>
//
// which the script hands to vs_tokio.rs in GO_RESULTS for the ours/Go column.
// Standard library only, no module: the script runs it with GO111MODULE=off.
// By hand: GO111MODULE=off go run crates/scheduler/benches/go/main.go
package main

import (
	"fmt"
	"runtime"
	"sort"
	"sync"
	"time"
)

// gsPerP matches YIELD_GS_PER_P in vs_tokio.rs.
const gsPerP = 8

func med(f func() float64) float64 {
	f() // warm-up, untimed
	v := []float64{}
	for i := 0; i < 5; i++ {
		v = append(v, f())
	}
	sort.Float64s(v)
	return v[2]
}

func main() {
	runtime.GOMAXPROCS(2)
	spawn := med(func() float64 {
		const n = 100000
		t := time.Now()
		for b := 0; b < n/1000; b++ {
			var wg sync.WaitGroup
			for i := 0; i < 1000; i++ {
				wg.Add(1)
				go func() { wg.Done() }()
			}
			wg.Wait()
		}
		return float64(time.Since(t).Nanoseconds()) / n
	})
	yield := med(func() float64 {
		const n = 1000000
		t := time.Now()
		for i := 0; i < n; i++ {
			runtime.Gosched()
		}
		return float64(time.Since(t).Nanoseconds()) / n
	})
	yieldMany := med(func() float64 {
		const gs = gsPerP * 2
		const n = 1000000 / gs * gs
		t := time.Now()
		var wg sync.WaitGroup
		for g := 0; g < gs; g++ {
			wg.Add(1)
			go func() {
				for i := 0; i < n/gs; i++ {
					runtime.Gosched()
				}
				wg.Done()
			}()
		}
		wg.Wait()
		return float64(time.Since(t).Nanoseconds()) / n
	})
	pp := med(func() float64 {
		const n = 100000
		p, q := make(chan int), make(chan int)
		go func() {
			for v := range p {
				q <- v + 1
			}
		}()
		t := time.Now()
		v := 0
		for i := 0; i < n; i++ {
			p <- v
			v = <-q
		}
		close(p)
		return float64(time.Since(t).Nanoseconds()) / n
	})
	var m0, m1 runtime.MemStats
	const pn = 10000
	runtime.GC()
	runtime.ReadMemStats(&m0)
	chans := make([]chan int, pn)
	for i := range chans {
		chans[i] = make(chan int)
		go func(c chan int) { <-c }(chans[i])
	}
	time.Sleep(50 * time.Millisecond)
	runtime.ReadMemStats(&m1)
	parked := float64((m1.StackInuse+m1.HeapAlloc)-(m0.StackInuse+m0.HeapAlloc)) / pn
	fmt.Printf("GO %.1f %.1f %.1f %.1f %.1f\n", spawn, yield, yieldMany, pp, parked)
}
