// Command starlark-reference is Starling's test oracle: go.starlark.net at the version Choreo
// uses, behind the same command line as `starling exec`, `starling bench` and `starling test`,
// so the two engines can be run side by side on the same files.
//
//	starlark-reference exec [--option NAME]... [--max-steps N] [--memstats] FILE.star
//	starlark-reference bench [--count N] [--filter REGEXP] [--option NAME]... FILE.star
//	starlark-reference test [--mode exec|resolve|parse] FILE.star...
//	starlark-reference measure CMD [ARG]...
//	starlark-reference eval < EXPRESSIONS
//	starlark-reference proto-pool FILE.proto...
//
// Exit status: 0 success, 1 the Starlark program (or a test) failed, 2 bad command line.
package main

import (
	"fmt"
	"os"
)

func main() {
	if len(os.Args) < 2 {
		usage()
	}
	var status int
	switch os.Args[1] {
	case "exec":
		status = execCommand(os.Args[2:])
	case "bench":
		status = benchCommand(os.Args[2:])
	case "test":
		status = testCommand(os.Args[2:])
	case "measure":
		status = measureCommand(os.Args[2:])
	case "eval":
		status = evalCommand(os.Args[2:])
	case "proto-pool":
		status = protoPoolCommand(os.Args[2:])
	default:
		usage()
	}
	os.Exit(status)
}

func usage() {
	fmt.Fprintln(os.Stderr, "usage: starlark-reference exec|bench|test|measure|eval|proto-pool ARGS...")
	os.Exit(2)
}

// fail reports a usage error and exits 2.
func fail(format string, args ...interface{}) {
	fmt.Fprintf(os.Stderr, "starlark-reference: "+format+"\n", args...)
	os.Exit(2)
}
