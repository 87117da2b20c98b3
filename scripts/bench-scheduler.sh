#!/usr/bin/env bash
# Benchmarks of the scheduler core against tokio's multi-thread runtime (same
# worker count, same process) and Go (GOMAXPROCS=2, the same rows, measured
# first in the same run; Debian's golang-go is installed if `go` is missing).
# Prints every row with ours/tokio and ours/Go ratios; it is not a test.
set -uo pipefail
cd "$(dirname "$0")/.."
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-target}"
export CARGO_PROFILE_BENCH_LTO=false CARGO_PROFILE_BENCH_CODEGEN_UNITS=16
if ! command -v go >/dev/null 2>&1; then
  echo "go not on PATH: installing Debian's golang-go"
  if ! apt-get install -y -qq golang-go >/dev/null 2>&1; then
    apt-get update -qq >/dev/null 2>&1 && apt-get install -y -qq golang-go >/dev/null 2>&1 || true
  fi
fi
GO_RESULTS=""
if command -v go >/dev/null 2>&1; then
  dir=$(mktemp -d)
  trap 'rm -rf "$dir"' EXIT
  # The Go program: the same four rows (spawn+join, Gosched, ping-pong, parked G).
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
  if (cd "$dir" && GO111MODULE=off GOFLAGS= go run main.go) > "$dir/out" 2>&1; then
    read -r _ gs gy gp gm < <(grep '^GO ' "$dir/out")
    GO_RESULTS="$gs $gy $gp $gm"
    echo "Go: $(go version | awk '{print $3}'), GOMAXPROCS=2, median of 5 (parked G: stack + heap incl. its channel)"
  else
    echo "Go run failed (Go column n/a):"; cat "$dir/out"
  fi
else
  echo "Go rows n/a: go is not installed and could not be installed"
fi
export GO_RESULTS
cargo bench -q -p interleave-scheduler --bench vs_tokio
