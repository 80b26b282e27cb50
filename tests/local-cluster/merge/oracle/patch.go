package main

import (
	"encoding/json"
	"fmt"
	"net/http"

	jsonpatch "gopkg.in/evanphx/json-patch.v4"
	corev1 "k8s.io/api/core/v1"
	eventsv1 "k8s.io/api/events/v1"
	apiextensionsv1 "k8s.io/apiextensions-apiserver/pkg/apis/apiextensions/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/runtime/schema"
	"k8s.io/apimachinery/pkg/util/mergepatch"
	"k8s.io/apimachinery/pkg/util/strategicpatch"
	kjson "sigs.k8s.io/json"
)

// patchRequest applies one patch the way kube-apiserver's patch handler does before decoding.
type patchRequest struct {
	Type  string          `json:"type"` // "json", "merge" or "strategic"
	Kind  string          `json:"kind"` // for strategic: the built-in type whose struct tags guide the merge
	Doc   json.RawMessage `json:"doc"`
	Patch json.RawMessage `json:"patch"`
}

type patchResult struct {
	Doc     interface{} `json:"doc,omitempty"`
	Code    int32       `json:"code,omitempty"`
	Reason  string      `json:"reason,omitempty"`
	Message string      `json:"message,omitempty"`
}

func builtin(kind string) (runtime.Object, error) {
	switch kind {
	case "Namespace":
		return &corev1.Namespace{}, nil
	case "ConfigMap":
		return &corev1.ConfigMap{}, nil
	case "Secret":
		return &corev1.Secret{}, nil
	case "Event":
		return &corev1.Event{}, nil
	case "events.k8s.io/Event":
		return &eventsv1.Event{}, nil
	case "CustomResourceDefinition":
		return &apiextensionsv1.CustomResourceDefinition{}, nil
	}
	return nil, fmt.Errorf("unknown kind %q", kind)
}

func statusResult(err error) patchResult {
	if s, ok := err.(apierrors.APIStatus); ok {
		st := s.Status()
		return patchResult{Code: st.Code, Reason: string(st.Reason), Message: st.Message}
	}
	return patchResult{Code: 500, Message: err.Error()}
}

// interpret is the patch handler's interpretStrategicMergePatchError.
func interpret(err error) error {
	switch err {
	case mergepatch.ErrBadJSONDoc, mergepatch.ErrBadPatchFormatForPrimitiveList, mergepatch.ErrBadPatchFormatForRetainKeys, mergepatch.ErrBadPatchFormatForSetElementOrderList, mergepatch.ErrUnsupportedStrategicMergePatchFormat:
		return apierrors.NewBadRequest(err.Error())
	case mergepatch.ErrNoListOfLists, mergepatch.ErrPatchContentNotMatchRetainKeys:
		return apierrors.NewGenericServerResponse(http.StatusUnprocessableEntity, "", schema.GroupResource{}, "", err.Error(), 0, false)
	}
	return err
}

func runPatch(req patchRequest) patchResult {
	var out []byte
	switch req.Type {
	case "json":
		p, err := jsonpatch.DecodePatch(req.Patch)
		if err != nil {
			return statusResult(apierrors.NewBadRequest(err.Error()))
		}
		out, err = p.Apply(req.Doc)
		if err != nil {
			return statusResult(apierrors.NewGenericServerResponse(http.StatusUnprocessableEntity, "", schema.GroupResource{}, "", err.Error(), 0, false))
		}
	case "merge":
		var err error
		out, err = jsonpatch.MergePatch(req.Doc, req.Patch)
		if err == jsonpatch.ErrBadJSONPatch {
			return statusResult(apierrors.NewBadRequest(err.Error()))
		} else if err != nil {
			return statusResult(err)
		}
	case "strategic":
		obj, err := builtin(req.Kind)
		if err != nil {
			return patchResult{Code: 999, Message: err.Error()}
		}
		original := map[string]interface{}{}
		if err := kjson.UnmarshalCaseSensitivePreserveInts(req.Doc, &original); err != nil {
			return patchResult{Code: 999, Message: err.Error()}
		}
		patchMap := map[string]interface{}{}
		if err := kjson.UnmarshalCaseSensitivePreserveInts(req.Patch, &patchMap); err != nil {
			return statusResult(apierrors.NewBadRequest(err.Error()))
		}
		merged, err := strategicpatch.StrategicMergeMapPatch(original, patchMap, obj)
		if err != nil {
			return statusResult(interpret(err))
		}
		return patchResult{Doc: merged}
	default:
		return patchResult{Code: 999, Message: "unknown patch type " + req.Type}
	}
	var doc interface{}
	if err := kjson.UnmarshalCaseSensitivePreserveInts(out, &doc); err != nil {
		return patchResult{Code: 999, Message: err.Error()}
	}
	return patchResult{Doc: doc}
}
