package validate

import (
	"bufio"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/yannh/kubeconform/pkg/validator"
)

const testdata = "../testdata"

func newValidator(t *testing.T) validator.Validator {
	t.Helper()
	v, err := NewValidator(SchemaDir)
	if err != nil {
		t.Fatalf("validator: %v", err)
	}
	return v
}

func examples(t *testing.T, folder string) []string {
	t.Helper()
	files, err := filepath.Glob(filepath.Join(testdata, folder, "*.yaml"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no examples in %s (%v)", folder, err)
	}
	return files
}

func TestSchemasAcceptGrafanasExamples(t *testing.T) {
	v := newValidator(t)
	for _, file := range examples(t, "valid") {
		t.Run(filepath.Base(file), func(t *testing.T) {
			results, err := Results(v, file)
			if err != nil {
				t.Fatal(err)
			}
			for _, problem := range Problems(results) {
				t.Error(problem)
			}
		})
	}
}

func TestSchemasRefuseBrokenManifests(t *testing.T) {
	v := newValidator(t)
	for _, file := range examples(t, "invalid") {
		t.Run(filepath.Base(file), func(t *testing.T) {
			where := refusedAt(t, file)
			results, err := Results(v, file)
			if err != nil {
				t.Fatal(err)
			}
			documents := nonEmpty(results)
			if len(documents) != 1 || documents[0].Status != validator.Invalid {
				t.Fatalf("want one document refused by its schema, got %v", Problems(results))
			}
			// The validator's error names the deepest place each failure is at: at '/spec/parallelism'.
			if location := strings.TrimSuffix(where, "/"); !strings.Contains(documents[0].Err.Error(), "at '"+location+"'") {
				t.Errorf("refused, but not at %s: %v", where, documents[0].Err)
			}
		})
	}
}

// nonEmpty leaves out what precedes a file's first `---` (a comment is no document).
func nonEmpty(results []validator.Result) []validator.Result {
	var kept []validator.Result
	for _, result := range results {
		if result.Status != validator.Empty {
			kept = append(kept, result)
		}
	}
	return kept
}

// refusedAt reads the path the example's first line says its schema refuses it at.
func refusedAt(t *testing.T, file string) string {
	t.Helper()
	f, err := os.Open(file)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	line, _ := bufio.NewReader(f).ReadString('\n')
	where, ok := strings.CutPrefix(strings.TrimSpace(line), "# refused at: ")
	if !ok {
		t.Fatalf("%s: the first line must be '# refused at: <path>'", file)
	}
	return where
}
