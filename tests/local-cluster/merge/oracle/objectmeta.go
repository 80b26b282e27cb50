package main

import (
	"context"
	"encoding/json"

	apioperation "k8s.io/apimachinery/pkg/api/operation"
	genericvalidation "k8s.io/apimachinery/pkg/api/validation"
	"k8s.io/apimachinery/pkg/api/validation/path"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/util/validation/field"
	"k8s.io/apiserver/pkg/features"
	utilfeature "k8s.io/apiserver/pkg/util/feature"
)

// objectMetaRequest validates metadata as the API server's strategies do: create
// (ValidateObjectMetaDeclaratively with the kind's name rule) or, with Old, update.
type objectMetaRequest struct {
	Meta       json.RawMessage `json:"meta"`
	Old        json.RawMessage `json:"old,omitempty"`
	Namespaced bool            `json:"namespaced"`
	// Name is the name rule: "subdomain", "label" or "path".
	Name string `json:"name"`
}

// pathSegmentNameFn is the name rule of embedded resources' metadata.
func pathSegmentNameFn(name string, prefix bool) []string {
	if prefix {
		return path.IsValidPathSegmentPrefix(name)
	}
	return path.IsValidPathSegmentName(name)
}

func runObjectMeta(req objectMetaRequest) crdResult {
	meta := &metav1.ObjectMeta{}
	if err := json.Unmarshal(req.Meta, meta); err != nil {
		return crdResult{Error: "oracle: " + err.Error()}
	}
	var nameFn genericvalidation.ValidateNameFunc
	switch req.Name {
	case "label":
		nameFn = genericvalidation.NameIsDNSLabel
	case "path":
		nameFn = pathSegmentNameFn
	default:
		nameFn = genericvalidation.NameIsDNSSubdomain
	}
	beta := utilfeature.DefaultFeatureGate.Enabled(features.DeclarativeValidationBeta)
	var errs field.ErrorList
	if len(req.Old) > 0 {
		old := &metav1.ObjectMeta{}
		if err := json.Unmarshal(req.Old, old); err != nil {
			return crdResult{Error: "oracle: " + err.Error()}
		}
		errs = genericvalidation.ValidateObjectMetaDeclaratively(context.Background(), apioperation.Update, meta, old, req.Namespaced, nil, field.NewPath("metadata"), beta)
	} else {
		errs = genericvalidation.ValidateObjectMetaDeclaratively(context.Background(), apioperation.Create, meta, nil, req.Namespaced, nameFn, field.NewPath("metadata"), beta)
	}
	out := crdResult{Errors: []fieldErrorJSON{}}
	for _, e := range errs {
		out.Errors = append(out.Errors, fieldErrorJSON{Type: string(e.Type), Field: e.Field, Body: e.ErrorBody()})
	}
	return out
}
