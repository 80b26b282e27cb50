package main

import (
	"errors"
	"fmt"
	"os"
	"regexp"
	"sort"
	"strconv"
	"strings"

	"go.starlark.net/lib/json"
	"go.starlark.net/lib/math"
	"go.starlark.net/lib/time"
	"go.starlark.net/resolve"
	"go.starlark.net/starlark"
	"go.starlark.net/starlarkstruct"
	"go.starlark.net/starlarktest"
	"go.starlark.net/syntax"
)

// testCommand runs chunked test files as `starling test` does, with go.starlark.net's own test
// environment (starlark/eval_test.go), so Starling's own chunked tests can be checked against
// the reference. The file format and matching rules are those of src-main/starlark/chunks.ts.
func testCommand(args []string) int {
	mode := "exec"
	var files []string
	for i := 0; i < len(args); i++ {
		switch a := args[i]; {
		case a == "--mode" && i+1 < len(args):
			i++
			mode = args[i]
			if mode != "exec" && mode != "resolve" && mode != "parse" {
				fail("test: --mode must be exec, resolve or parse")
			}
		case strings.HasPrefix(a, "-"):
			fail("test: unknown flag %s", a)
		default:
			files = append(files, a)
		}
	}
	if len(files) == 0 {
		fail("test: want FILE.star...")
	}
	passed, failed := 0, 0
	for _, file := range files {
		data, err := os.ReadFile(file)
		if err != nil {
			fmt.Println(err)
			failed++
			continue
		}
		for _, c := range readChunks(file, string(data)) {
			failures := c.run(mode)
			if len(failures) == 0 {
				passed++
				continue
			}
			failed++
			for _, f := range failures {
				fmt.Println(f)
			}
		}
	}
	fmt.Printf("%d passed, %d failed\n", passed, failed)
	if failed > 0 {
		return 1
	}
	return 0
}

type chunk struct {
	file      string
	source    string
	wantErrs  map[int]*regexp.Regexp
	wantLines []int
	failures  []string
}

var markerRE = regexp.MustCompile(`(^|[^#])###([^#].*)?$`)

func readChunks(file, data string) []*chunk {
	var chunks []*chunk
	line := 1
	for _, body := range strings.Split(data, "\n---\n") {
		c := &chunk{file: file, source: strings.Repeat("\n", line-1) + body, wantErrs: map[int]*regexp.Regexp{}}
		for _, text := range strings.Split(body, "\n") {
			if m := markerRE.FindStringSubmatch(text); m != nil {
				rest := strings.TrimSpace(m[2])
				pattern := rest
				if rest == "" {
					c.failures = append(c.failures, fmt.Sprintf("%s:%d: no regexp after ###", file, line))
				} else if q := rest[0]; q == '"' || q == '`' || q == '\'' {
					p, err := strconv.Unquote(rest)
					if err != nil {
						c.failures = append(c.failures, fmt.Sprintf("%s:%d: not a quoted regexp: %s", file, line, rest))
						rest = ""
					}
					pattern = p
				}
				if rest != "" {
					rx, err := regexp.Compile(pattern)
					if err != nil {
						c.failures = append(c.failures, fmt.Sprintf("%s:%d: %v", file, line, err))
					} else {
						c.wantErrs[line] = rx
						c.wantLines = append(c.wantLines, line)
					}
				}
			}
			line++
		}
		chunks = append(chunks, c)
		line++
	}
	return chunks
}

func (c *chunk) gotError(line int, msg string) {
	if rx, ok := c.wantErrs[line]; ok {
		delete(c.wantErrs, line)
		if !rx.MatchString(msg) {
			c.failures = append(c.failures, fmt.Sprintf("%s:%d: error %q does not match pattern %q", c.file, line, msg, rx))
		}
	} else {
		c.failures = append(c.failures, fmt.Sprintf("%s:%d: unexpected error: %s", c.file, line, msg))
	}
}

func (c *chunk) done() {
	sort.Ints(c.wantLines)
	for _, line := range c.wantLines {
		if rx, ok := c.wantErrs[line]; ok {
			c.failures = append(c.failures, fmt.Sprintf("%s:%d: expected error matching %q", c.file, line, rx))
		}
	}
}

func (c *chunk) options() *syntax.FileOptions {
	opts := &syntax.FileOptions{}
	optionsInSource(opts, c.source)
	return opts
}

func (c *chunk) run(mode string) []string {
	switch mode {
	case "parse":
		_, err := syntax.Parse(c.file, c.source, 0)
		c.staticErrors(err)
	case "resolve":
		f, err := c.options().Parse(c.file, c.source, 0)
		if err == nil {
			err = resolve.File(f, func(name string) bool { return name == "M" },
				func(name string) bool { return name == "U" || name == "float" })
		}
		c.staticErrors(err)
	case "exec":
		c.exec()
	}
	c.done()
	return c.failures
}

func (c *chunk) staticErrors(err error) {
	var syntaxErr syntax.Error
	var resolveErrs resolve.ErrorList
	switch {
	case err == nil:
	case errors.As(err, &syntaxErr):
		c.gotError(int(syntaxErr.Pos.Line), syntaxErr.Msg)
	case errors.As(err, &resolveErrs):
		for _, e := range resolveErrs {
			c.gotError(int(e.Pos.Line), e.Msg)
		}
	default:
		c.failures = append(c.failures, err.Error())
	}
}

// reporter receives assert.star's error() reports.
type reporter struct{ c *chunk }

func (r reporter) Error(args ...interface{}) {
	r.c.failures = append(r.c.failures, fmt.Sprintf("%s: %s", r.c.file, fmt.Sprint(args...)))
}

func (c *chunk) exec() {
	thread := &starlark.Thread{Load: testLoad}
	starlarktest.SetReporter(thread, reporter{c})
	setProtoPool(thread)
	predeclared := starlark.StringDict{
		"hasfields": starlark.NewBuiltin("hasfields", newHasFields),
		"fibonacci": fib{},
		"struct":    starlark.NewBuiltin("struct", starlarkstruct.Make),
		"module":    starlark.NewBuiltin("module", starlarkstruct.MakeModule),
	}
	_, err := starlark.ExecFileOptions(c.options(), thread, c.file, c.source, predeclared)
	var evalErr *starlark.EvalError
	if errors.As(err, &evalErr) {
		for i := range evalErr.CallStack {
			if pos := evalErr.CallStack.At(i).Pos; pos.Filename() == c.file {
				c.gotError(int(pos.Line), evalErr.Error())
				return
			}
		}
		c.failures = append(c.failures, evalErr.Backtrace())
		return
	}
	c.staticErrors(err)
}

// testLoad is eval_test.go's load: the test helper modules by name, other files relative to
// the loading file.
func testLoad(thread *starlark.Thread, module string) (starlark.StringDict, error) {
	switch module {
	case "assert.star":
		return starlarktest.LoadAssertModule()
	case "json.star":
		return starlark.StringDict{"json": json.Module}, nil
	case "time.star":
		return starlark.StringDict{"time": time.Module}, nil
	case "math.star":
		return starlark.StringDict{"math": math.Module}, nil
	case "proto.star":
		return protoModule(), nil
	}
	return nil, fmt.Errorf("load: no module %q in the test environment", module)
}

// fib is the infinite Fibonacci iterable of eval_test.go.
type fib struct{}

func (fib) Freeze()                    {}
func (fib) String() string             { return "fib" }
func (fib) Type() string               { return "fib" }
func (fib) Truth() starlark.Bool       { return true }
func (fib) Hash() (uint32, error)      { return 0, fmt.Errorf("fib is unhashable") }
func (fib) Iterate() starlark.Iterator { return &fibIterator{0, 1} }

type fibIterator struct{ x, y int }

func (it *fibIterator) Next(p *starlark.Value) bool {
	*p = starlark.MakeInt(it.x)
	it.x, it.y = it.y, it.x+it.y
	return true
}
func (*fibIterator) Done() {}

func newHasFields(_ *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	if len(args)+len(kwargs) > 0 {
		return nil, fmt.Errorf("%s: unexpected arguments", b.Name())
	}
	return &hasfields{attrs: starlark.StringDict{}}, nil
}

// hasfields is eval_test.go's test-only value whose fields can all be set.
type hasfields struct {
	attrs  starlark.StringDict
	frozen bool
}

func (*hasfields) String() string        { return "hasfields" }
func (*hasfields) Type() string          { return "hasfields" }
func (*hasfields) Truth() starlark.Bool  { return true }
func (*hasfields) Hash() (uint32, error) { return 42, nil }

func (hf *hasfields) Freeze() {
	if !hf.frozen {
		hf.frozen = true
		for _, v := range hf.attrs {
			v.Freeze()
		}
	}
}

func (hf *hasfields) Attr(name string) (starlark.Value, error) { return hf.attrs[name], nil }

func (hf *hasfields) SetField(name string, val starlark.Value) error {
	if hf.frozen {
		return fmt.Errorf("cannot set field on a frozen hasfields")
	}
	if strings.HasPrefix(name, "no") {
		return starlark.NoSuchAttrError(fmt.Sprintf("no .%s field", name))
	}
	hf.attrs[name] = val
	return nil
}

func (hf *hasfields) AttrNames() []string {
	names := make([]string, 0, len(hf.attrs))
	for key := range hf.attrs {
		names = append(names, key)
	}
	sort.Strings(names)
	return names
}

func (*hasfields) Binary(op syntax.Token, y starlark.Value, _ starlark.Side) (starlark.Value, error) {
	if _, ok := y.(*starlark.List); ok && op == syntax.PLUS {
		return starlark.MakeInt(42), nil
	}
	return nil, nil
}
