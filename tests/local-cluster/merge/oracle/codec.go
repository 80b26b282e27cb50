package main

import (
	"encoding/json"
	"strings"

	corev1 "k8s.io/api/core/v1"
	eventsv1 "k8s.io/api/events/v1"
	apiextensionsv1 "k8s.io/apiextensions-apiserver/pkg/apis/apiextensions/v1"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/runtime/schema"
	kjsonserializer "k8s.io/apimachinery/pkg/runtime/serializer/json"
)

// codecRequest decodes a built-in object the way kube-apiserver decodes a request body (strict,
// to learn the unknown fields) and encodes it back as a response body.
type codecRequest struct {
	Group   string          `json:"group"`
	Version string          `json:"version"`
	Kind    string          `json:"kind"`
	Object  json.RawMessage `json:"object"`
}

type codecResult struct {
	Object  json.RawMessage `json:"object,omitempty"`
	Unknown []string        `json:"unknown,omitempty"`
	Error   string          `json:"error,omitempty"`
}

var scheme = func() *runtime.Scheme {
	s := runtime.NewScheme()
	_ = corev1.AddToScheme(s)
	_ = eventsv1.AddToScheme(s)
	_ = apiextensionsv1.AddToScheme(s)
	return s
}()

func runCodec(req codecRequest) codecResult {
	gvk := schema.GroupVersionKind{Group: req.Group, Version: req.Version, Kind: req.Kind}
	strict := kjsonserializer.NewSerializerWithOptions(kjsonserializer.DefaultMetaFactory, scheme, scheme, kjsonserializer.SerializerOptions{Strict: true})
	into, err := scheme.New(gvk)
	if err != nil {
		return codecResult{Error: "oracle: " + err.Error()}
	}
	obj, _, err := strict.Decode(req.Object, &gvk, into)
	var unknown []string
	if err != nil {
		if se, ok := runtime.AsStrictDecodingError(err); ok {
			for _, e := range se.Errors() {
				unknown = append(unknown, strings.TrimPrefix(e.Error(), "unknown field "))
			}
		} else {
			return codecResult{Error: err.Error()}
		}
	}
	var out strings.Builder
	if err := strict.Encode(obj, &out); err != nil {
		return codecResult{Error: "oracle: " + err.Error()}
	}
	return codecResult{Object: json.RawMessage(out.String()), Unknown: unknown}
}
