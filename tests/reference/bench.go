package main

import (
	"fmt"
	"os"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"go.starlark.net/starlark"
	"go.starlark.net/syntax"
)

// benchCommand runs every global bench_* function of a file as go.starlark.net's
// BenchmarkStarlark does, calibrating b.n with Go's own benchmark driver (testing.Benchmark:
// b.n grows until a run takes at least 1s), and prints "name  n  ns/op ns/op" per run.
func benchCommand(args []string) int {
	opts := &syntax.FileOptions{}
	count := 1
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
	status := 0
	for _, name := range globals.Keys() {
		fn, ok := globals[name].(*starlark.Function)
		if !ok || !strings.HasPrefix(name, "bench_") || (filter != nil && !filter.MatchString(name)) {
			continue
		}
		for run := 0; run < count; run++ {
			var callErr error
			result := testing.Benchmark(func(b *testing.B) {
				if _, err := starlark.Call(thread, fn, starlark.Tuple{benchmark{b}}, nil); err != nil {
					callErr = err
					b.FailNow()
				}
			})
			if callErr != nil {
				printError(callErr)
				status = 1
				break
			}
			fmt.Printf("%s  %d  %s ns/op\n", name, result.N, formatNsPerOp(result.T.Nanoseconds(), result.N))
		}
	}
	return status
}

// formatNsPerOp prints whole nanoseconds from 100 up and two decimals below, as
// `starling bench` does.
func formatNsPerOp(ns int64, n int) string {
	per := float64(ns) / float64(n)
	if per >= 100 {
		return strconv.FormatFloat(per, 'f', 0, 64)
	}
	return strconv.FormatFloat(per, 'f', 2, 64)
}

// benchmark is the b value passed to each bench_* function (go.starlark.net's bench_test.go).
type benchmark struct{ b *testing.B }

func (benchmark) Freeze()               {}
func (benchmark) Truth() starlark.Bool  { return true }
func (benchmark) Type() string          { return "benchmark" }
func (benchmark) String() string        { return "<benchmark>" }
func (benchmark) Hash() (uint32, error) { return 0, fmt.Errorf("unhashable: benchmark") }
func (benchmark) AttrNames() []string   { return []string{"n", "restart", "start", "stop"} }
func (b benchmark) Attr(name string) (starlark.Value, error) {
	switch name {
	case "n":
		return starlark.MakeInt(b.b.N), nil
	case "restart":
		return benchRestart.BindReceiver(b), nil
	case "start":
		return benchStart.BindReceiver(b), nil
	case "stop":
		return benchStop.BindReceiver(b), nil
	}
	return nil, nil
}

func timerMethod(name string, do func(*testing.B)) *starlark.Builtin {
	return starlark.NewBuiltin(name, func(_ *starlark.Thread, fn *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
		if err := starlark.UnpackPositionalArgs(fn.Name(), args, kwargs, 0); err != nil {
			return nil, err
		}
		do(fn.Receiver().(benchmark).b)
		return starlark.None, nil
	})
}

var (
	benchRestart = timerMethod("restart", (*testing.B).ResetTimer)
	benchStart   = timerMethod("start", (*testing.B).StartTimer)
	benchStop    = timerMethod("stop", (*testing.B).StopTimer)
)
