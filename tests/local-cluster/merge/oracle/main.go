// Command merge-oracle runs the API server's field manager (k8s.io/apimachinery managedfields
// over structured-merge-diff) on requests read from stdin, one JSON document per line, and
// writes one JSON result per line. Starling's tests compare its merge package against it.
package main

import (
	"bufio"
	"encoding/json"
	"fmt"
	"os"
	"sort"
	"time"

	apierrors "k8s.io/apimachinery/pkg/api/errors"
	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/runtime/schema"
	utiljson "k8s.io/apimachinery/pkg/util/json"
	"k8s.io/apimachinery/pkg/util/managedfields"
	"k8s.io/kube-openapi/pkg/validation/spec"
	"sigs.k8s.io/structured-merge-diff/v6/fieldpath"
)

type request struct {
	// Patch, when set, asks for one patch instead of field manager operations.
	Patch *patchRequest `json:"patch,omitempty"`
	// Codec, when set, asks to decode and encode one built-in object.
	Codec *codecRequest `json:"codec,omitempty"`
	// CRD, when set, asks to validate a CustomResourceDefinition.
	CRD *crdRequest `json:"crd,omitempty"`
	// ObjectMeta, when set, asks to validate metadata on create or update.
	ObjectMeta *objectMetaRequest `json:"objectMeta,omitempty"`
	// CustomResource, when set, asks to decode, default and validate one custom resource.
	CustomResource *customResourceRequest `json:"customResource,omitempty"`
	// Definitions holds OpenAPI schemas by definition name; Root names the kind's own.
	Definitions map[string]json.RawMessage `json:"definitions"`
	Root        string                     `json:"root"`
	Group       string                     `json:"group"`
	Version     string                     `json:"version"`
	Kind        string                     `json:"kind"`
	Ops         []operation                `json:"ops"`
}

type operation struct {
	Op          string          `json:"op"` // "apply" or "update"
	Manager     string          `json:"manager"`
	Force       bool            `json:"force"`
	Subresource string          `json:"subresource"`
	Reset       [][]string      `json:"reset"`
	Object      json.RawMessage `json:"object"`
}

type cause struct {
	Reason  string `json:"reason,omitempty"`
	Message string `json:"message,omitempty"`
	Field   string `json:"field,omitempty"`
}

type result struct {
	// Now is the second the operation ran in (the managedFields times it may write).
	Now     string                 `json:"now"`
	Object  map[string]interface{} `json:"object,omitempty"`
	Code    int32                  `json:"code,omitempty"`
	Reason  string                 `json:"reason,omitempty"`
	Message string                 `json:"message,omitempty"`
	Causes  []cause                `json:"causes,omitempty"`
}

type convertor struct{}

func (convertor) Convert(in, out, context interface{}) error { return nil }
func (convertor) ConvertToVersion(in runtime.Object, _ runtime.GroupVersioner) (runtime.Object, error) {
	return in, nil
}
func (convertor) ConvertFieldLabel(_ schema.GroupVersionKind, _, _ string) (string, string, error) {
	return "", "", fmt.Errorf("not implemented")
}

type defaulter struct{}

func (defaulter) Default(runtime.Object) {}

type creater struct{}

func (creater) New(gvk schema.GroupVersionKind) (runtime.Object, error) {
	u := &unstructured.Unstructured{Object: map[string]interface{}{}}
	u.SetGroupVersionKind(gvk)
	return u, nil
}

// run runs the operations; a run in which an operation straddled a second is repeated, so that
// every time the field manager wrote is the reported one.
func run(req request) ([]result, error) {
	for attempt := 0; ; attempt++ {
		results, stable, err := runOnce(req)
		if err != nil || stable || attempt == 4 {
			return results, err
		}
	}
}

func runOnce(req request) ([]result, bool, error) {
	stable := true
	models := map[string]*spec.Schema{}
	for name, raw := range req.Definitions {
		s := &spec.Schema{}
		if err := json.Unmarshal(raw, s); err != nil {
			return nil, false, fmt.Errorf("definition %s: %v", name, err)
		}
		models[name] = s
	}
	root := models[req.Root]
	if root == nil {
		return nil, false, fmt.Errorf("no definition %q", req.Root)
	}
	root.AddExtension("x-kubernetes-group-version-kind", []interface{}{
		map[string]interface{}{"group": req.Group, "version": req.Version, "kind": req.Kind},
	})
	tc, err := managedfields.NewTypeConverter(models, false)
	if err != nil {
		return nil, false, err
	}
	gvk := schema.GroupVersionKind{Group: req.Group, Version: req.Version, Kind: req.Kind}
	live, _ := creater{}.New(gvk)
	var results []result
	for _, op := range req.Ops {
		var resetFields map[fieldpath.APIVersion]fieldpath.Filter
		if len(op.Reset) > 0 {
			set := fieldpath.NewSet()
			for _, p := range op.Reset {
				parts := make([]interface{}, len(p))
				for i, s := range p {
					parts[i] = s
				}
				set.Insert(fieldpath.MakePathOrDie(parts...))
			}
			resetFields = fieldpath.NewExcludeFilterSetMap(map[fieldpath.APIVersion]*fieldpath.Set{
				fieldpath.APIVersion(gvk.GroupVersion().String()): set,
			})
		}
		fm, err := managedfields.NewDefaultFieldManager(tc, convertor{}, defaulter{}, creater{}, gvk, gvk.GroupVersion(), op.Subresource, resetFields)
		if err != nil {
			return nil, false, err
		}
		obj := &unstructured.Unstructured{Object: map[string]interface{}{}}
		if err := utiljson.Unmarshal(op.Object, &obj.Object); err != nil {
			return nil, false, err
		}
		var out runtime.Object
		before := time.Now().UTC().Format(time.RFC3339)
		switch op.Op {
		case "apply":
			out, err = fm.Apply(live.DeepCopyObject(), obj, op.Manager, op.Force)
		case "update":
			out = fm.UpdateNoErrors(live.DeepCopyObject(), obj, op.Manager)
		default:
			return nil, false, fmt.Errorf("unknown op %q", op.Op)
		}
		if after := time.Now().UTC().Format(time.RFC3339); after != before {
			stable = false
		}
		if err != nil {
			r := result{Now: before, Code: 500, Message: err.Error()}
			if status, ok := err.(apierrors.APIStatus); ok {
				st := status.Status()
				r.Code, r.Reason, r.Message = st.Code, string(st.Reason), st.Message
				if st.Details != nil {
					for _, c := range st.Details.Causes {
						r.Causes = append(r.Causes, cause{Reason: string(c.Type), Message: c.Message, Field: c.Field})
					}
					sort.SliceStable(r.Causes, func(i, j int) bool { return r.Causes[i].Message < r.Causes[j].Message })
				}
			}
			results = append(results, r)
			continue
		}
		live = out
		results = append(results, result{Now: before, Object: out.(*unstructured.Unstructured).Object})
	}
	return results, stable, nil
}

func main() {
	in := bufio.NewScanner(os.Stdin)
	in.Buffer(make([]byte, 1<<20), 64<<20)
	enc := json.NewEncoder(os.Stdout)
	for in.Scan() {
		var req request
		if err := json.Unmarshal(in.Bytes(), &req); err != nil {
			_ = enc.Encode(map[string]string{"fatal": err.Error()})
			continue
		}
		if req.CRD != nil {
			_ = enc.Encode(map[string]interface{}{"crd": runCRD(*req.CRD)})
			continue
		}
		if req.ObjectMeta != nil {
			_ = enc.Encode(map[string]interface{}{"objectMeta": runObjectMeta(*req.ObjectMeta)})
			continue
		}
		if req.CustomResource != nil {
			_ = enc.Encode(map[string]interface{}{"customResource": runCustomResource(*req.CustomResource)})
			continue
		}
		if req.Codec != nil {
			_ = enc.Encode(map[string]interface{}{"codec": runCodec(*req.Codec)})
			continue
		}
		if req.Patch != nil {
			_ = enc.Encode(map[string]interface{}{"patch": runPatch(*req.Patch)})
			continue
		}
		results, err := run(req)
		if err != nil {
			_ = enc.Encode(map[string]string{"fatal": err.Error()})
			continue
		}
		_ = enc.Encode(map[string]interface{}{"results": results})
	}
}
