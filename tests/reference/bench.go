package main

import (
	"fmt"
	"os"
	"regexp"
	"runtime"
	"strconv"
	"strings"
	"syscall"
	"time"

	"go.starlark.net/starlark"
	"go.starlark.net/syntax"
)

// benchCommand runs every global bench_* function of a file as go.starlark.net's
// BenchmarkStarlark does, with a `b` value like its testing.B wrapper, and prints
// "name  n  ns/op ns/op" per run. b.n is calibrated as Go's testing package does (predictN: from
// 1, 1.2x the count the last run predicts for the benchmark time, at most 100x the last count)
// until a run takes at least 1s. The clock is the process's CPU time (user + system, every
// thread) by default, since the machines are shared and wall time depends on the neighbours;
// `--clock wall` measures elapsed time instead. `starling bench` does exactly the same.
func benchCommand(args []string) int {
	opts := &syntax.FileOptions{}
	count := 1
	clock := cpuClock
	var filter *regexp.Regexp
	var file string
	for i := 0; i < len(args); i++ {
		switch a := args[i]; {
		case a == "--count" && i+1 < len(args):
			i++
			n, err := strconv.Atoi(args[i])
			if err != nil || n < 1 {
				fail("--count: want a positive number, got %q", args[i])
			}
			count = n
		case a == "--filter" && i+1 < len(args):
			i++
			rx, err := regexp.Compile(args[i])
			if err != nil {
				fail("--filter: %v", err)
			}
			filter = rx
		case a == "--clock" && i+1 < len(args):
			i++
			switch args[i] {
			case "cpu":
				clock = cpuClock
			case "wall":
				clock = wallClock
			default:
				fail("--clock: want cpu or wall, got %q", args[i])
			}
		case a == "--option" && i+1 < len(args):
			i++
			if !setOption(opts, args[i]) {
				fail("unknown option %q", args[i])
			}
		case strings.HasPrefix(a, "-"):
			fail("bench: unknown flag %s", a)
		case file == "":
			file = a
		default:
			fail("bench: want one FILE.star")
		}
	}
	if file == "" {
		fail("bench: want one FILE.star")
	}
	src, err := os.ReadFile(file)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	optionsInSource(opts, string(src))
	predeclared := execPredeclared()
	thread := &starlark.Thread{Name: "bench " + file, Load: newFileLoader(opts, predeclared).load}
	globals, err := starlark.ExecFileOptions(opts, thread, file, src, predeclared)
	if err != nil {
		printError(err)
		return 1
	}
	for _, name := range globals.Keys() {
		fn, ok := globals[name].(*starlark.Function)
		if !ok || !strings.HasPrefix(name, "bench_") || (filter != nil && !filter.MatchString(name)) {
			continue
		}
		for run := 0; run < count; run++ {
			n, elapsed, err := calibrate(thread, fn, clock)
			if err != nil {
				printError(err)
				return 1
			}
			fmt.Printf("%s  %d  %s ns/op\n", name, n, formatNsPerOp(elapsed, n))
		}
	}
	return 0
}

const benchTime = time.Second

// calibrate runs fn(b) with b.n = 1, then with predicted counts until a run takes benchTime.
func calibrate(thread *starlark.Thread, fn *starlark.Function, clock func() time.Duration) (int, time.Duration, error) {
	b := &benchmark{clock: clock}
	runN := func(n int) error {
		runtime.GC()
		b.n = n
		b.elapsed = 0
		b.running = false
		b.startTimer()
		_, err := starlark.Call(thread, fn, starlark.Tuple{b}, nil)
		b.stopTimer()
		return err
	}
	if err := runN(1); err != nil {
		return 0, 0, err
	}
	for n := 1; b.elapsed < benchTime && n < 1e9; {
		n = predictN(benchTime.Nanoseconds(), int64(b.n), b.elapsed.Nanoseconds(), int64(n))
		if err := runN(n); err != nil {
			return 0, 0, err
		}
	}
	return b.n, b.elapsed, nil
}

// predictN is the next b.n, as Go's testing package computes it.
func predictN(goalns, prevIters, prevns, last int64) int {
	if prevns == 0 {
		prevns = 1
	}
	n := goalns * prevIters / prevns
	n += n / 5
	n = min(n, 100*last)
	n = max(n, last+1)
	n = min(n, 1e9)
	return int(n)
}

func wallClock() time.Duration { return time.Duration(time.Now().UnixNano()) }

// cpuClock is the CPU time of the whole process so far (user + system, all threads).
func cpuClock() time.Duration {
	var ru syscall.Rusage
	syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// formatNsPerOp prints whole nanoseconds from 100 up and two decimals below, as
// `starling bench` does.
func formatNsPerOp(elapsed time.Duration, n int) string {
	per := float64(elapsed.Nanoseconds()) / float64(n)
	if per >= 100 {
		return strconv.FormatFloat(per, 'f', 0, 64)
	}
	return strconv.FormatFloat(per, 'f', 2, 64)
}

// benchmark is the b value passed to each bench_* function: b.n and the timer methods of
// go.starlark.net's bench_test.go (start, stop, restart), on the chosen clock.
type benchmark struct {
	n       int
	clock   func() time.Duration
	running bool
	started time.Duration
	elapsed time.Duration
}

func (b *benchmark) startTimer() {
	if !b.running {
		b.started = b.clock()
		b.running = true
	}
}

func (b *benchmark) stopTimer() {
	if b.running {
		b.elapsed += b.clock() - b.started
		b.running = false
	}
}

func (b *benchmark) resetTimer() {
	if b.running {
		b.started = b.clock()
	}
	b.elapsed = 0
}

func (*benchmark) Freeze()               {}
func (*benchmark) Truth() starlark.Bool  { return true }
func (*benchmark) Type() string          { return "benchmark" }
func (*benchmark) String() string        { return "<benchmark>" }
func (*benchmark) Hash() (uint32, error) { return 0, fmt.Errorf("unhashable: benchmark") }
func (*benchmark) AttrNames() []string   { return []string{"n", "restart", "start", "stop"} }
func (b *benchmark) Attr(name string) (starlark.Value, error) {
	switch name {
	case "n":
		return starlark.MakeInt(b.n), nil
	case "restart":
		return benchRestart.BindReceiver(b), nil
	case "start":
		return benchStart.BindReceiver(b), nil
	case "stop":
		return benchStop.BindReceiver(b), nil
	}
	return nil, nil
}

func timerMethod(name string, do func(*benchmark)) *starlark.Builtin {
	return starlark.NewBuiltin(name, func(_ *starlark.Thread, fn *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
		if err := starlark.UnpackPositionalArgs(fn.Name(), args, kwargs, 0); err != nil {
			return nil, err
		}
		do(fn.Receiver().(*benchmark))
		return starlark.None, nil
	})
}

var (
	benchRestart = timerMethod("restart", (*benchmark).resetTimer)
	benchStart   = timerMethod("start", (*benchmark).startTimer)
	benchStop    = timerMethod("stop", (*benchmark).stopTimer)
)
