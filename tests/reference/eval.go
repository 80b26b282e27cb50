package main

import (
	"bufio"
	"encoding/json"
	"errors"
	"fmt"
	"os"

	"go.starlark.net/starlark"
	"go.starlark.net/syntax"
)

// evalCommand evaluates one Starlark expression per line of standard input and prints, per
// line, the JSON string of its repr or of "error: " and the message. It is how the engine's
// golden tables (`npm run golden`) are recorded: the names are those `starling exec`
// predeclares plus freeze, and the set dialect is on, as the tables' expression evaluator has it.
func evalCommand(args []string) int {
	if len(args) != 0 {
		fail("eval: takes no arguments; reads one expression per line on standard input")
	}
	env := execPredeclared()
	env["freeze"] = starlark.NewBuiltin("freeze", freezeValue)
	opts := &syntax.FileOptions{Set: true}
	in := bufio.NewScanner(os.Stdin)
	in.Buffer(make([]byte, 1<<20), 1<<20)
	out := bufio.NewWriter(os.Stdout)
	defer out.Flush()
	for in.Scan() {
		line, err := json.Marshal(evalOne(opts, env, in.Text()))
		if err != nil {
			panic(err)
		}
		out.Write(line)
		out.WriteByte('\n')
	}
	if err := in.Err(); err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 2
	}
	return 0
}

func evalOne(opts *syntax.FileOptions, env starlark.StringDict, expr string) string {
	thread := &starlark.Thread{Name: "eval"}
	v, err := starlark.EvalOptions(opts, thread, "expr", expr, env)
	var evalErr *starlark.EvalError
	switch {
	case errors.As(err, &evalErr):
		return "error: " + evalErr.Msg
	case err != nil:
		return "error: " + err.Error()
	}
	return v.String()
}

func freezeValue(_ *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var x starlark.Value
	if err := starlark.UnpackPositionalArgs(b.Name(), args, kwargs, 1, &x); err != nil {
		return nil, err
	}
	x.Freeze()
	return x, nil
}
