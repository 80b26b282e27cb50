package main

import (
	"bufio"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"

	"go.starlark.net/lib/json"
	"go.starlark.net/lib/math"
	"go.starlark.net/lib/time"
	"go.starlark.net/resolve"
	"go.starlark.net/starlark"
	"go.starlark.net/starlarkstruct"
	"go.starlark.net/syntax"
)

// optionNames are the dialect flags, by the names `--option` and `# option:NAME` use.
var optionNames = []string{"set", "while", "toplevelcontrol", "globalreassign", "loadbindsglobally", "recursion"}

func setOption(opts *syntax.FileOptions, name string) bool {
	switch name {
	case "set":
		opts.Set = true
	case "while":
		opts.While = true
	case "toplevelcontrol":
		opts.TopLevelControl = true
	case "globalreassign":
		opts.GlobalReassign = true
	case "loadbindsglobally":
		opts.LoadBindsGlobally = true
	case "recursion":
		opts.Recursion = true
	default:
		return false
	}
	return true
}

// optionsInSource turns on every flag whose "option:NAME" appears in src, as go.starlark.net's
// own tests and benchmarks do.
func optionsInSource(opts *syntax.FileOptions, src string) {
	for _, name := range optionNames {
		if strings.Contains(src, "option:"+name) {
			setOption(opts, name)
		}
	}
}

// execPredeclared is what `starling exec` predeclares.
func execPredeclared() starlark.StringDict {
	return starlark.StringDict{
		"json":   json.Module,
		"math":   math.Module,
		"time":   time.Module,
		"struct": starlark.NewBuiltin("struct", starlarkstruct.Make),
		"module": starlark.NewBuiltin("module", starlarkstruct.MakeModule),
	}
}

// fileLoader loads modules relative to the directory of the file that loads them, executing
// each once with the same options and predeclared names.
type fileLoader struct {
	opts        *syntax.FileOptions
	predeclared starlark.StringDict
	cache       map[string]*loadEntry
}

type loadEntry struct {
	globals starlark.StringDict
	err     error
}

func newFileLoader(opts *syntax.FileOptions, predeclared starlark.StringDict) *fileLoader {
	return &fileLoader{opts: opts, predeclared: predeclared, cache: map[string]*loadEntry{}}
}

func (l *fileLoader) load(thread *starlark.Thread, module string) (starlark.StringDict, error) {
	from := thread.CallFrame(0).Pos.Filename()
	path := filepath.Join(filepath.Dir(from), module)
	e, ok := l.cache[path]
	if ok {
		if e == nil {
			return nil, fmt.Errorf("cycle in load graph")
		}
		return e.globals, e.err
	}
	l.cache[path] = nil
	child := &starlark.Thread{Name: "load " + module, Load: thread.Load, Print: thread.Print}
	globals, err := starlark.ExecFileOptions(l.opts, child, path, nil, l.predeclared)
	l.cache[path] = &loadEntry{globals, err}
	return globals, err
}

func execCommand(args []string) int {
	opts := &syntax.FileOptions{}
	var maxSteps uint64
	memstats := false
	var file string
	for i := 0; i < len(args); i++ {
		switch a := args[i]; {
		case a == "--option" && i+1 < len(args):
			i++
			if !setOption(opts, args[i]) {
				fail("unknown option %q (want one of %s)", args[i], strings.Join(optionNames, ", "))
			}
		case a == "--max-steps" && i+1 < len(args):
			i++
			n, err := strconv.ParseUint(args[i], 10, 64)
			if err != nil {
				fail("--max-steps: %v", err)
			}
			maxSteps = n
		case a == "--memstats":
			memstats = true
		case strings.HasPrefix(a, "-"):
			fail("exec: unknown flag %s", a)
		case file == "":
			file = a
		default:
			fail("exec: want one FILE.star")
		}
	}
	if file == "" {
		fail("exec: want one FILE.star")
	}

	out := bufio.NewWriterSize(os.Stdout, 64<<10)
	defer out.Flush()
	predeclared := execPredeclared()
	loader := newFileLoader(opts, predeclared)
	thread := &starlark.Thread{
		Name:  "exec " + file,
		Print: func(_ *starlark.Thread, msg string) { out.WriteString(msg); out.WriteByte('\n') },
		Load:  loader.load,
	}
	if maxSteps > 0 {
		thread.SetMaxExecutionSteps(maxSteps)
	}
	globals, err := starlark.ExecFileOptions(opts, thread, file, nil, predeclared)
	out.Flush()
	if err != nil {
		printError(err)
		return 1
	}
	if memstats {
		runtime.GC()
		var m runtime.MemStats
		runtime.ReadMemStats(&m)
		fmt.Fprintf(os.Stderr, "heap-in-use: %d\n", m.HeapAlloc)
		runtime.KeepAlive(globals)
	}
	return 0
}

// printError prints an error as `starling exec` does: a backtrace for a runtime error, and
// file:line:col: message for each static error.
func printError(err error) {
	var evalErr *starlark.EvalError
	var resolveErrs resolve.ErrorList
	switch {
	case errors.As(err, &evalErr):
		fmt.Fprintln(os.Stderr, evalErr.Backtrace())
	case errors.As(err, &resolveErrs):
		for _, e := range resolveErrs {
			fmt.Fprintln(os.Stderr, e.Error())
		}
	default:
		fmt.Fprintln(os.Stderr, err)
	}
}
