#!/usr/bin/env bash
# Benchmarks of the scheduler core against tokio's multi-thread runtime (same
# worker count, same process), and against Go when `go` is available.
# Prints figures and ratios; it is not a test.
set -uo pipefail
cd "$(dirname "$0")/.."
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-target}"
export CARGO_PROFILE_BENCH_LTO=false CARGO_PROFILE_BENCH_CODEGEN_UNITS=16
cargo bench -q -p interleave-scheduler --bench vs_tokio || exit 1

if ! command -v go >/dev/null 2>&1; then
  echo "go not on PATH: trying Debian's golang-go"
  (apt-get install -y -qq golang-go >/dev/null 2>&1 || { apt-get update -qq >/dev/null 2>&1 && apt-get install -y -qq golang-go >/dev/null 2>&1; }) || true
fi
if ! command -v go >/dev/null 2>&1; then
  echo "Go rows skipped: go is not installed and could not be installed"
  exit 0
fi
dir=$(mktemp -d)
cat > "$dir/main.go" <<'GO'
package main

import (
	"fmt"
	"runtime"
	"sort"
	"sync"
	"time"
)

func med(f func() float64) float64 {
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
	fmt.Printf("GO %.1f %.1f %.1f %.1f\n", spawn, yield, pp, parked)
}
GO
(cd "$dir" && GO111MODULE=off GOFLAGS= go run main.go) > "$dir/out" 2>&1 || { echo "Go run failed:"; cat "$dir/out"; exit 0; }
read -r _ gs gy gp gm < <(grep '^GO ' "$dir/out")
echo "Go $(go version | awk '{print $3}') GOMAXPROCS=2: spawn+join ${gs} ns, Gosched ${gy} ns, ping-pong ${gp} ns, parked G ${gm} B (stack+heap)"
echo "(compare with the 'ours' column above; ratios ours/Go: divide those figures)"
rm -rf "$dir"
