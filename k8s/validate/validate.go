// Package validate holds the manifests `npm run k8s` writes to Kubernetes' own definitions, offline:
// kubeconform's validator against the JSON schemas in k8s/schemas (core/v1 from kubernetes-validate,
// TestRun written from grafana's documentation), and the core/v1 Go types of k8s.io/api decoded
// strictly.
package validate

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/yannh/kubeconform/pkg/resource"
	"github.com/yannh/kubeconform/pkg/validator"
	k8syaml "k8s.io/apimachinery/pkg/util/yaml"
)

// SchemaDir is k8s/schemas, from this package's folder (go test runs in it).
const SchemaDir = "../schemas"

// NewValidator reads schemas from dir only, named as kubeconform names a kind's schema
// (configmap-v1.json, testrun-k6-v1alpha1.json): nothing is fetched. Strict also refuses duplicate
// keys; the schemas themselves refuse unknown fields.
func NewValidator(dir string) (validator.Validator, error) {
	abs, err := filepath.Abs(dir)
	if err != nil {
		return nil, err
	}
	location := filepath.Join(abs, "{{ .ResourceKind }}{{ .KindSuffix }}.json")
	return validator.New([]string{location}, validator.Opts{Strict: true})
}

// Results validates every document of a YAML file.
func Results(v validator.Validator, file string) ([]validator.Result, error) {
	f, err := os.Open(file)
	if err != nil {
		return nil, err
	}
	return v.Validate(file, f), nil
}

// Problems says what is wrong with each document, if anything: an invalid one, one whose kind has
// no schema, or one that does not parse.
func Problems(results []validator.Result) []string {
	var problems []string
	for _, result := range results {
		if result.Status != validator.Valid && result.Status != validator.Empty {
			problems = append(problems, describe(result))
		}
	}
	return problems
}

// describe names the document and every place it fails at, the deepest ones (kubeconform's own
// list of errors stops at the first $ref: "/spec: validation failed").
func describe(result validator.Result) string {
	sig, _ := result.Resource.Signature()
	what := "a document"
	if sig != nil {
		what = fmt.Sprintf("%s %s", sig.Kind, sig.Name)
	}
	return fmt.Sprintf("%s: %s", what, strings.TrimPrefix(fmt.Sprint(result.Err), "problem validating schema. Check JSON formatting: "))
}

// Documents splits a multi-document YAML file as kubectl does.
func Documents(file string) ([][]byte, error) {
	text, err := os.ReadFile(file)
	if err != nil {
		return nil, err
	}
	reader := k8syaml.NewYAMLReader(bufio.NewReader(bytes.NewReader(text)))
	var documents [][]byte
	for {
		document, err := reader.Read()
		if errors.Is(err, io.EOF) {
			return documents, nil
		}
		if err != nil {
			return nil, err
		}
		if len(bytes.TrimSpace(stripComments(document))) > 0 {
			documents = append(documents, document)
		}
	}
}

// Kind of a document, as kubeconform reads it.
func Kind(document []byte) (string, error) {
	res := resource.Resource{Bytes: document}
	sig, err := res.Signature()
	if err != nil {
		return "", err
	}
	return sig.Kind, nil
}

func stripComments(document []byte) []byte {
	var kept [][]byte
	for _, line := range bytes.Split(document, []byte("\n")) {
		if !bytes.HasPrefix(bytes.TrimSpace(line), []byte("#")) {
			kept = append(kept, line)
		}
	}
	return bytes.Join(kept, []byte("\n"))
}
