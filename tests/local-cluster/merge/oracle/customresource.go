package main

import (
	"context"
	"encoding/json"

	"k8s.io/apiextensions-apiserver/pkg/apis/apiextensions"
	apiextensionsv1 "k8s.io/apiextensions-apiserver/pkg/apis/apiextensions/v1"
	structuralschema "k8s.io/apiextensions-apiserver/pkg/apiserver/schema"
	"k8s.io/apiextensions-apiserver/pkg/apiserver/schema/cel/model"
	structuraldefaulting "k8s.io/apiextensions-apiserver/pkg/apiserver/schema/defaulting"
	structurallisttype "k8s.io/apiextensions-apiserver/pkg/apiserver/schema/listtype"
	schemaobjectmeta "k8s.io/apiextensions-apiserver/pkg/apiserver/schema/objectmeta"
	structuralpruning "k8s.io/apiextensions-apiserver/pkg/apiserver/schema/pruning"
	apiservervalidation "k8s.io/apiextensions-apiserver/pkg/apiserver/validation"
	utiljson "k8s.io/apimachinery/pkg/util/json"
	"k8s.io/apimachinery/pkg/util/validation/field"
	"k8s.io/apiserver/pkg/cel/common"
	utilfeature "k8s.io/apiserver/pkg/util/feature"
)

// Kubernetes 1.37 runs with CRDValidationRatcheting locked on (GA since 1.33).
func init() {
	if err := utilfeature.DefaultMutableFeatureGate.SetFromMap(map[string]bool{"CRDValidationRatcheting": true}); err != nil {
		panic(err)
	}
}

// customResourceRequest runs what kube-apiserver does to a custom resource body: the
// schema-coercing decoder (metadata, pruning, nulls, embedded resources), structural defaulting,
// then the schema and list-type validation of the strategy.
type customResourceRequest struct {
	Schema json.RawMessage `json:"schema"` // the CRD version's openAPIV3Schema (v1)
	Object json.RawMessage `json:"object"`
	Old    json.RawMessage `json:"old,omitempty"`
}

type fieldErrorJSON struct {
	Type  string `json:"type"`
	Field string `json:"field"`
	Body  string `json:"body"`
}

type customResourceResult struct {
	Object  map[string]interface{} `json:"object,omitempty"`
	Unknown []string               `json:"unknown"`
	Error   string                 `json:"error,omitempty"`
	Errors  []fieldErrorJSON       `json:"errors"`
}

func structural(raw json.RawMessage) (*structuralschema.Structural, *apiextensions.JSONSchemaProps, error) {
	v1 := &apiextensionsv1.JSONSchemaProps{}
	if err := json.Unmarshal(raw, v1); err != nil {
		return nil, nil, err
	}
	internal := &apiextensions.JSONSchemaProps{}
	if err := apiextensionsv1.Convert_v1_JSONSchemaProps_To_apiextensions_JSONSchemaProps(v1, internal, nil); err != nil {
		return nil, nil, err
	}
	s, err := structuralschema.NewStructural(internal)
	if err != nil {
		return nil, nil, err
	}
	if err := structuraldefaulting.PruneDefaults(s); err != nil {
		return nil, nil, err
	}
	return s, internal, nil
}

func runCustomResource(req customResourceRequest) customResourceResult {
	s, internal, err := structural(req.Schema)
	if err != nil {
		return customResourceResult{Error: "oracle: " + err.Error()}
	}
	obj := map[string]interface{}{}
	if err := utiljson.Unmarshal(req.Object, &obj); err != nil {
		return customResourceResult{Error: "oracle: " + err.Error()}
	}
	unknown := []string{}
	meta, found, metaUnknown, err := schemaobjectmeta.GetObjectMetaWithOptions(obj, schemaobjectmeta.ObjectMetaOptions{ReturnUnknownFieldPaths: true})
	if err != nil {
		return customResourceResult{Error: err.Error()}
	}
	unknown = append(unknown, metaUnknown...)
	unknown = append(unknown, structuralpruning.PruneWithOptions(obj, s, true, structuralschema.UnknownFieldPathOptions{TrackUnknownFieldPaths: true})...)
	structuraldefaulting.PruneNonNullableNullsWithoutDefaults(obj, s)
	ferr, paths := schemaobjectmeta.CoerceWithOptions(nil, obj, s, false, schemaobjectmeta.CoerceOptions{ReturnUnknownFieldPaths: true})
	if ferr != nil {
		return customResourceResult{Error: ferr.Error()}
	}
	unknown = append(unknown, paths...)
	if found {
		if err := schemaobjectmeta.SetObjectMeta(obj, meta); err != nil {
			return customResourceResult{Error: "oracle: " + err.Error()}
		}
	}
	structuraldefaulting.Default(obj, s)

	validator, _, err := apiservervalidation.NewSchemaValidator(internal)
	if err != nil {
		return customResourceResult{Error: "oracle: " + err.Error()}
	}
	// As the custom resource strategy's Validate / ValidateUpdate (the object's own metadata and
	// CEL rules aside): the schema, embedded resources, list types.
	var errs field.ErrorList
	if len(req.Old) > 0 {
		old := map[string]interface{}{}
		if err := utiljson.Unmarshal(req.Old, &old); err != nil {
			return customResourceResult{Error: "oracle: " + err.Error()}
		}
		correlated := common.NewCorrelatedObject(obj, old, &model.Structural{Structural: s})
		errs = append(errs, apiservervalidation.ValidateCustomResourceUpdate(nil, obj, old, validator, apiservervalidation.WithRatcheting(correlated))...)
		errs = append(errs, schemaobjectmeta.Validate(context.Background(), nil, obj, s, false)...)
		if oldErrs := structurallisttype.ValidateListSetsAndMaps(nil, s, old); len(oldErrs) == 0 {
			errs = append(errs, structurallisttype.ValidateListSetsAndMaps(nil, s, obj)...)
		}
	} else {
		errs = append(errs, apiservervalidation.ValidateCustomResource(nil, obj, validator)...)
		errs = append(errs, schemaobjectmeta.Validate(context.Background(), nil, obj, s, false)...)
		errs = append(errs, structurallisttype.ValidateListSetsAndMaps(nil, s, obj)...)
	}
	out := customResourceResult{Object: obj, Unknown: unknown, Errors: []fieldErrorJSON{}}
	for _, e := range errs {
		out.Errors = append(out.Errors, fieldErrorJSON{Type: string(e.Type), Field: e.Field, Body: e.ErrorBody()})
	}
	return out
}
