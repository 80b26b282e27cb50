module starling.local/reference

go 1.22

require (
	go.starlark.net v0.0.0-20240705175910-70002002b310
	google.golang.org/protobuf v1.33.0
)

require golang.org/x/sys v0.0.0-20220715151400-c0bba94af5f8 // indirect
