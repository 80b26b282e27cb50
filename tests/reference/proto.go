package main

import (
	"fmt"
	"os"
	"strings"
	"sync"

	starlarkproto "go.starlark.net/lib/proto"
	"go.starlark.net/starlark"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/reflect/protodesc"
	"google.golang.org/protobuf/reflect/protoreflect"
	"google.golang.org/protobuf/reflect/protoregistry"
	"google.golang.org/protobuf/types/descriptorpb"
)

// The proto.star module of go.starlark.net's own tests (eval_test.go): lib/proto with the
// process's registry as its pool. That registry holds google/protobuf/descriptor.proto (linked
// in through descriptorpb) and the two test files below, which `starling test` also has
// (src-main/cli/test/test-protos.ts), so Starling's own proto tests can run on both engines.

var registerTestFiles = sync.OnceFunc(func() {
	for _, fdp := range []*descriptorpb.FileDescriptorProto{kindsProto(), kinds3Proto()} {
		fd, err := protodesc.NewFile(fdp, protoregistry.GlobalFiles)
		if err != nil {
			panic(fmt.Sprintf("%s: %v", fdp.GetName(), err))
		}
		if err := protoregistry.GlobalFiles.RegisterFile(fd); err != nil {
			panic(err)
		}
	}
})

// setProtoPool gives a thread the pool proto.file() reads.
func setProtoPool(thread *starlark.Thread) {
	registerTestFiles()
	starlarkproto.SetPool(thread, protoregistry.GlobalFiles)
}

func protoModule() starlark.StringDict {
	return starlark.StringDict{"proto": starlarkproto.Module}
}

type fieldOpt func(*descriptorpb.FieldDescriptorProto)

func field(name string, number int32, label descriptorpb.FieldDescriptorProto_Label, typ descriptorpb.FieldDescriptorProto_Type, opts ...fieldOpt) *descriptorpb.FieldDescriptorProto {
	f := &descriptorpb.FieldDescriptorProto{Name: proto.String(name), Number: proto.Int32(number), Label: label.Enum(), Type: typ.Enum()}
	for _, o := range opts {
		o(f)
	}
	return f
}

func typeName(name string) fieldOpt {
	return func(f *descriptorpb.FieldDescriptorProto) { f.TypeName = proto.String(name) }
}
func defaultValue(v string) fieldOpt {
	return func(f *descriptorpb.FieldDescriptorProto) { f.DefaultValue = proto.String(v) }
}
func oneofIndex(i int32) fieldOpt {
	return func(f *descriptorpb.FieldDescriptorProto) { f.OneofIndex = proto.Int32(i) }
}
func extendee(name string) fieldOpt {
	return func(f *descriptorpb.FieldDescriptorProto) { f.Extendee = proto.String(name) }
}
func packed(f *descriptorpb.FieldDescriptorProto) {
	f.Options = &descriptorpb.FieldOptions{Packed: proto.Bool(true)}
}
func proto3Optional(f *descriptorpb.FieldDescriptorProto) { f.Proto3Optional = proto.Bool(true) }

func enum(name string, values ...string) *descriptorpb.EnumDescriptorProto {
	e := &descriptorpb.EnumDescriptorProto{Name: proto.String(name)}
	for i := 0; i < len(values); i += 2 {
		var n int32
		fmt.Sscan(values[i+1], &n)
		e.Value = append(e.Value, &descriptorpb.EnumValueDescriptorProto{Name: proto.String(values[i]), Number: proto.Int32(n)})
	}
	return e
}

const (
	opt = descriptorpb.FieldDescriptorProto_LABEL_OPTIONAL
	req = descriptorpb.FieldDescriptorProto_LABEL_REQUIRED
	rep = descriptorpb.FieldDescriptorProto_LABEL_REPEATED
)

// kindsProto is starling/testdata/kinds.proto (proto2): a field of every scalar kind, enums,
// nested and recursive messages, repeated and packed fields, defaults, a oneof, a required
// field and extensions.
func kindsProto() *descriptorpb.FileDescriptorProto {
	T := descriptorpb.FieldDescriptorProto_Type_value
	k := func(name string) descriptorpb.FieldDescriptorProto_Type {
		return descriptorpb.FieldDescriptorProto_Type(T["TYPE_"+strings.ToUpper(name)])
	}
	return &descriptorpb.FileDescriptorProto{
		Name:    proto.String("starling/testdata/kinds.proto"),
		Package: proto.String("starling.testdata"),
		Syntax:  proto.String("proto2"),
		MessageType: []*descriptorpb.DescriptorProto{{
			Name: proto.String("Kinds"),
			Field: []*descriptorpb.FieldDescriptorProto{
				field("d", 1, opt, k("double")),
				field("f", 2, opt, k("float")),
				field("i32", 3, opt, k("int32")),
				field("i64", 4, opt, k("int64")),
				field("u32", 5, opt, k("uint32")),
				field("u64", 6, opt, k("uint64")),
				field("s32", 7, opt, k("sint32")),
				field("s64", 8, opt, k("sint64")),
				field("fx32", 9, opt, k("fixed32")),
				field("fx64", 10, opt, k("fixed64")),
				field("sf32", 11, opt, k("sfixed32")),
				field("sf64", 12, opt, k("sfixed64")),
				field("b", 13, opt, k("bool")),
				field("s", 14, opt, k("string")),
				field("by", 15, opt, k("bytes")),
				field("color", 16, opt, k("enum"), typeName(".starling.testdata.Color")),
				field("nested", 17, opt, k("message"), typeName(".starling.testdata.Kinds.Nested")),
				field("r_i32", 18, rep, k("int32")),
				field("p_i32", 19, rep, k("int32"), packed),
				field("r_s", 20, rep, k("string")),
				field("r_nested", 21, rep, k("message"), typeName(".starling.testdata.Kinds.Nested")),
				field("r_color", 22, rep, k("enum"), typeName(".starling.testdata.Color")),
				field("def_i32", 23, opt, k("int32"), defaultValue("-7")),
				field("def_s", 24, opt, k("string"), defaultValue("hi")),
				field("name", 25, opt, k("string"), oneofIndex(0)),
				field("id", 26, opt, k("int32"), oneofIndex(0)),
				field("size", 27, opt, k("enum"), typeName(".starling.testdata.Kinds.Size"), defaultValue("LARGE")),
				field("r_u64", 28, rep, k("uint64")),
				field("p_f", 29, rep, k("float"), packed),
				field("r_by", 30, rep, k("bytes")),
			},
			NestedType: []*descriptorpb.DescriptorProto{{
				Name: proto.String("Nested"),
				Field: []*descriptorpb.FieldDescriptorProto{
					field("n", 1, opt, k("int32")),
					field("back", 2, opt, k("message"), typeName(".starling.testdata.Kinds")),
				},
			}},
			EnumType:       []*descriptorpb.EnumDescriptorProto{enum("Size", "SMALL", "1", "LARGE", "2")},
			OneofDecl:      []*descriptorpb.OneofDescriptorProto{{Name: proto.String("choice")}},
			ExtensionRange: []*descriptorpb.DescriptorProto_ExtensionRange{{Start: proto.Int32(100), End: proto.Int32(200)}},
		}, {
			Name: proto.String("Strict"),
			Field: []*descriptorpb.FieldDescriptorProto{
				field("key", 1, req, k("string")),
				field("value", 2, opt, k("int32")),
			},
		}},
		EnumType: []*descriptorpb.EnumDescriptorProto{enum("Color", "RED", "0", "GREEN", "1", "BLUE", "2")},
		Extension: []*descriptorpb.FieldDescriptorProto{
			field("note", 100, opt, k("string"), extendee(".starling.testdata.Kinds")),
			field("tags", 101, rep, k("int32"), extendee(".starling.testdata.Kinds")),
		},
	}
}

// kinds3Proto is starling/testdata/kinds3.proto (proto3): implicit presence, an explicitly
// optional field, packed repeated scalars by default.
func kinds3Proto() *descriptorpb.FileDescriptorProto {
	return &descriptorpb.FileDescriptorProto{
		Name:    proto.String("starling/testdata/kinds3.proto"),
		Package: proto.String("starling.testdata3"),
		Syntax:  proto.String("proto3"),
		MessageType: []*descriptorpb.DescriptorProto{{
			Name: proto.String("Plain"),
			Field: []*descriptorpb.FieldDescriptorProto{
				field("i", 1, opt, descriptorpb.FieldDescriptorProto_TYPE_INT32),
				field("s", 2, opt, descriptorpb.FieldDescriptorProto_TYPE_STRING),
				field("oi", 3, opt, descriptorpb.FieldDescriptorProto_TYPE_INT32, oneofIndex(0), proto3Optional),
				field("r", 4, rep, descriptorpb.FieldDescriptorProto_TYPE_INT32),
				field("tone", 5, opt, descriptorpb.FieldDescriptorProto_TYPE_ENUM, typeName(".starling.testdata3.Tone")),
				field("child", 6, opt, descriptorpb.FieldDescriptorProto_TYPE_MESSAGE, typeName(".starling.testdata3.Plain")),
			},
			OneofDecl: []*descriptorpb.OneofDescriptorProto{{Name: proto.String("_oi")}},
		}},
		EnumType: []*descriptorpb.EnumDescriptorProto{enum("Tone", "QUIET", "0", "LOUD", "1")},
	}
}

// protoPoolCommand prints the descriptors of the named files of the test pool, one line per
// message, field, enum, value and extension, in declaration order: the facts Starling's own
// description of the pool (src-main/cli/test) must agree with.
func protoPoolCommand(args []string) int {
	registerTestFiles()
	for _, path := range args {
		fd, err := protoregistry.GlobalFiles.FindFileByPath(path)
		if err != nil {
			fmt.Fprintf(os.Stderr, "%s: %v\n", path, err)
			return 1
		}
		fmt.Printf("file %s package=%s syntax=%s\n", fd.Path(), fd.Package(), fd.Syntax())
		printMessages(fd.Messages())
		printEnums(fd.Enums())
		printFields("extension", fd.Extensions())
	}
	return 0
}

func printMessages(msgs protoreflect.MessageDescriptors) {
	for i := 0; i < msgs.Len(); i++ {
		md := msgs.Get(i)
		fmt.Printf("message %s\n", md.FullName())
		printFields("field", md.Fields())
		printMessages(md.Messages())
		printEnums(md.Enums())
		printFields("extension", md.Extensions())
	}
}

func printEnums(enums protoreflect.EnumDescriptors) {
	for i := 0; i < enums.Len(); i++ {
		ed := enums.Get(i)
		fmt.Printf("enum %s\n", ed.FullName())
		for j := 0; j < ed.Values().Len(); j++ {
			v := ed.Values().Get(j)
			fmt.Printf("value %s %d\n", v.FullName(), v.Number())
		}
	}
}

// fieldList is what message fields and extensions have in common.
type fieldList interface {
	Len() int
	Get(i int) protoreflect.FieldDescriptor
}

func printFields(what string, fields fieldList) {
	for i := 0; i < fields.Len(); i++ {
		f := fields.Get(i)
		line := fmt.Sprintf("%s %s %d %s %s", what, f.FullName(), f.Number(), f.Cardinality(), f.Kind())
		switch {
		case f.Message() != nil:
			line += " " + string(f.Message().FullName())
		case f.Enum() != nil:
			line += " " + string(f.Enum().FullName())
		}
		if f.HasDefault() {
			line += fmt.Sprintf(" default=%v", f.Default().Interface())
			if f.Enum() != nil {
				line = strings.TrimSuffix(line, fmt.Sprint(f.Default().Interface())) + string(f.DefaultEnumValue().Name())
			}
		}
		if f.IsPacked() {
			line += " packed"
		}
		if o := f.ContainingOneof(); o != nil {
			line += " oneof=" + string(o.Name())
		}
		if f.IsExtension() {
			line += " extendee=" + string(f.ContainingMessage().FullName())
		}
		if f.HasPresence() {
			line += " presence"
		}
		fmt.Println(line)
	}
}
