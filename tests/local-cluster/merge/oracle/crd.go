package main

import (
	"context"
	"encoding/json"

	"k8s.io/apiextensions-apiserver/pkg/apis/apiextensions"
	apiextensionsv1 "k8s.io/apiextensions-apiserver/pkg/apis/apiextensions/v1"
	apiextensionsvalidation "k8s.io/apiextensions-apiserver/pkg/apis/apiextensions/validation"
	"k8s.io/apimachinery/pkg/util/validation/field"
)

// crdRequest validates a CustomResourceDefinition as kube-apiserver does on create: decode,
// defaults, the strategy's PrepareForCreate (status reset, stored version), conversion to the
// internal version, validation.
//
// With Old (the stored CRD, status included), it validates an update instead: the strategy's
// PrepareForUpdate (status from the old object, storage version appended to storedVersions)
// and the update validation; with Status, a write to the status subresource.
type crdRequest struct {
	Object json.RawMessage `json:"object"`
	Old    json.RawMessage `json:"old,omitempty"`
	Status bool            `json:"status,omitempty"`
}

type crdResult struct {
	Errors []fieldErrorJSON `json:"errors"`
	Error  string           `json:"error,omitempty"`
}

func decodeCRD(raw json.RawMessage) (*apiextensions.CustomResourceDefinition, error) {
	v1 := &apiextensionsv1.CustomResourceDefinition{}
	if err := json.Unmarshal(raw, v1); err != nil {
		return nil, err
	}
	apiextensionsv1.SetObjectDefaults_CustomResourceDefinition(v1)
	internal := &apiextensions.CustomResourceDefinition{}
	if err := apiextensionsv1.Convert_v1_CustomResourceDefinition_To_apiextensions_CustomResourceDefinition(v1, internal, nil); err != nil {
		return nil, err
	}
	return internal, nil
}

func runCRD(req crdRequest) crdResult {
	internal, err := decodeCRD(req.Object)
	if err != nil {
		return crdResult{Error: "oracle: " + err.Error()}
	}
	var errs field.ErrorList
	if len(req.Old) > 0 {
		old, err := decodeCRD(req.Old)
		if err != nil {
			return crdResult{Error: "oracle: " + err.Error()}
		}
		if req.Status {
			errs = apiextensionsvalidation.ValidateUpdateCustomResourceDefinitionStatus(context.Background(), internal, old)
		} else {
			internal.Status = old.Status
			for _, v := range internal.Spec.Versions {
				if v.Storage {
					if !apiextensions.IsStoredVersion(internal, v.Name) {
						internal.Status.StoredVersions = append(internal.Status.StoredVersions, v.Name)
					}
					break
				}
			}
			errs = apiextensionsvalidation.ValidateCustomResourceDefinitionUpdate(context.Background(), internal, old)
		}
	} else {
		internal.Status = apiextensions.CustomResourceDefinitionStatus{}
		internal.Generation = 1
		for _, v := range internal.Spec.Versions {
			if v.Storage {
				internal.Status.StoredVersions = append(internal.Status.StoredVersions, v.Name)
				break
			}
		}
		errs = apiextensionsvalidation.ValidateCustomResourceDefinition(context.Background(), internal)
	}
	out := crdResult{Errors: []fieldErrorJSON{}}
	for _, e := range errs {
		out.Errors = append(out.Errors, fieldErrorJSON{Type: string(e.Type), Field: e.Field, Body: e.ErrorBody()})
	}
	return out
}
