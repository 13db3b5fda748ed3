package validate

import (
	"flag"
	"os"
	"path/filepath"
	"testing"

	corev1 "k8s.io/api/core/v1"
	"sigs.k8s.io/yaml"
)

var manifests = flag.String("manifests", os.Getenv("LAMBDA_DUEL_MANIFESTS"), "a manifests.yaml written by npm run k8s, or its run folder (default: $LAMBDA_DUEL_MANIFESTS)")

// The TestRun's fields that refer to the other two documents; the schema has checked the rest.
type testRun struct {
	Spec struct {
		Parallelism int `json:"parallelism"`
		Script      struct {
			ConfigMap struct {
				Name string `json:"name"`
				File string `json:"file"`
			} `json:"configMap"`
		} `json:"script"`
		Runner struct {
			Volumes        []corev1.Volume      `json:"volumes"`
			VolumeMounts   []corev1.VolumeMount `json:"volumeMounts"`
			InitContainers []struct {
				RestartPolicy string               `json:"restartPolicy"`
				VolumeMounts  []corev1.VolumeMount `json:"volumeMounts"`
			} `json:"initContainers"`
		} `json:"runner"`
	} `json:"spec"`
}

func TestWrittenManifests(t *testing.T) {
	if *manifests == "" {
		t.Skip("no manifests given: -manifests or LAMBDA_DUEL_MANIFESTS (k8s/manifests.test.ts sets it)")
	}
	file := *manifests
	if info, err := os.Stat(file); err == nil && info.IsDir() {
		file = filepath.Join(file, "manifests.yaml")
	}

	t.Run("every document passes its schema", func(t *testing.T) {
		results, err := Results(newValidator(t), file)
		if err != nil {
			t.Fatal(err)
		}
		if len(nonEmpty(results)) != 3 {
			t.Errorf("want 3 documents, got %d", len(nonEmpty(results)))
		}
		for _, problem := range Problems(results) {
			t.Error(problem)
		}
	})

	documents, err := Documents(file)
	if err != nil {
		t.Fatal(err)
	}
	kinds := make([]string, len(documents))
	for i, document := range documents {
		if kinds[i], err = Kind(document); err != nil {
			t.Fatal(err)
		}
	}
	if len(kinds) != 3 || kinds[0] != "ConfigMap" || kinds[1] != "Secret" || kinds[2] != "TestRun" {
		t.Fatalf("want ConfigMap, Secret, TestRun in that order (what the TestRun refers to first), got %v", kinds)
	}

	// UnmarshalStrict refuses any field the k8s.io/api Go type lacks, and a duplicate key.
	var configMap corev1.ConfigMap
	if err := yaml.UnmarshalStrict(documents[0], &configMap); err != nil {
		t.Fatalf("ConfigMap as corev1.ConfigMap: %v", err)
	}
	var secret corev1.Secret
	if err := yaml.UnmarshalStrict(documents[1], &secret); err != nil {
		t.Fatalf("Secret as corev1.Secret: %v", err)
	}
	var run testRun
	if err := yaml.Unmarshal(documents[2], &run); err != nil {
		t.Fatalf("TestRun: %v", err)
	}

	t.Run("the TestRun runs the ConfigMap's script", func(t *testing.T) {
		script := run.Spec.Script.ConfigMap
		if script.Name != configMap.Name || configMap.Data[script.File] == "" {
			t.Errorf("script %s/%s: the ConfigMap is %s with keys %v", script.Name, script.File, configMap.Name, keys(configMap.Data))
		}
	})

	t.Run("the runner's volumes are the Secret and the ConfigMap's keys", func(t *testing.T) {
		for _, volume := range run.Spec.Runner.Volumes {
			if volume.Secret != nil && volume.Secret.SecretName != secret.Name {
				t.Errorf("volume %s: Secret %s, but the Secret is %s", volume.Name, volume.Secret.SecretName, secret.Name)
			}
			if volume.ConfigMap == nil {
				continue
			}
			if volume.ConfigMap.Name != configMap.Name {
				t.Errorf("volume %s: ConfigMap %s, but the ConfigMap is %s", volume.Name, volume.ConfigMap.Name, configMap.Name)
			}
			for _, item := range volume.ConfigMap.Items {
				if configMap.Data[item.Key] == "" {
					t.Errorf("volume %s: the ConfigMap has no key %s", volume.Name, item.Key)
				}
			}
		}
	})

	t.Run("every mount is of a volume the runner declares", func(t *testing.T) {
		declared := map[string]bool{}
		for _, volume := range run.Spec.Runner.Volumes {
			declared[volume.Name] = true
		}
		mounts := run.Spec.Runner.VolumeMounts
		for _, container := range run.Spec.Runner.InitContainers {
			mounts = append(mounts, container.VolumeMounts...)
		}
		for _, mount := range mounts {
			if !declared[mount.Name] {
				t.Errorf("mount %s at %s: no such volume", mount.Name, mount.MountPath)
			}
		}
	})

	t.Run("the sidecar is native and the Secret holds two URLs a runner", func(t *testing.T) {
		if len(run.Spec.Runner.InitContainers) != 1 || run.Spec.Runner.InitContainers[0].RestartPolicy != "Always" {
			t.Errorf("want one init container with restartPolicy Always, got %+v", run.Spec.Runner.InitContainers)
		}
		if len(secret.StringData) != 2*run.Spec.Parallelism {
			t.Errorf("%d runners, %d URLs", run.Spec.Parallelism, len(secret.StringData))
		}
	})
}

func keys(data map[string]string) []string {
	names := make([]string, 0, len(data))
	for name := range data {
		names = append(names, name)
	}
	return names
}
