#!/usr/bin/env python3
"""Tests of tools/bench/gen_scale_manifests.py: the Cloud Map namespace split (Cloud Map holds at
most 2,000 instances per namespace, so scale-10k's 10,000 pods need several), and that the
committed scale-10k manifest is the generator's output for the command in the scenario's header
and uses only namespaces the scenario creates.

Usage: gen_scale_manifests_test.py SOURCE_DIR
"""
import collections
import os
import re
import subprocess
import sys
import unittest

SOURCE_DIR = os.path.abspath(sys.argv.pop(1) if len(sys.argv) > 1 else ".")
GENERATOR = os.path.join(SOURCE_DIR, "tools", "bench", "gen_scale_manifests.py")
MAX_INSTANCES_PER_NAMESPACE = 2000  # AWS Cloud Map's default quota, fakes/cloudmap too


def generate(*args):
    return subprocess.run([sys.executable, GENERATOR, *map(str, args)], check=True,
                          capture_output=True, text=True).stdout


def instances_per_namespace(manifest):
    """Cloud Map namespace -> replicas of the Deployments whose virtual node registers there."""
    namespace_of = {}
    replicas_of = {}
    for line in manifest.splitlines():
        vn = re.search(r"kind: VirtualNode, metadata: \{name: ([\w-]+), namespace: ([\w-]+)\}.*"
                       r"namespaceName: ([\w.-]+)", line)
        if vn:
            namespace_of[(vn.group(2), vn.group(1))] = vn.group(3)
        dep = re.search(r"kind: Deployment, metadata: \{name: ([\w-]+), namespace: ([\w-]+)\}, "
                        r"spec: \{replicas: (\d+)", line)
        if dep:
            replicas_of[(dep.group(2), dep.group(1))] = int(dep.group(3))
    counts = collections.Counter()
    for key, ns in namespace_of.items():
        counts[ns] += replicas_of[key]
    return counts, namespace_of


class GeneratorTest(unittest.TestCase):
    def test_one_namespace_by_default(self):
        counts, _ = instances_per_namespace(generate("t", 3, 2, 2, 2, 1))
        self.assertEqual(dict(counts), {"t.pvt.aws.local": 10})

    def test_service_i_registers_in_namespace_i_mod_k(self):
        _, namespace_of = instances_per_namespace(generate("t", 5, 1, 3, 1, 1, 2))
        self.assertEqual(namespace_of[("t-back", "back-0")], "t-0.pvt.aws.local")
        self.assertEqual(namespace_of[("t-back", "back-3")], "t-1.pvt.aws.local")
        self.assertEqual(namespace_of[("t-back", "back-4")], "t-0.pvt.aws.local")
        self.assertEqual(namespace_of[("t-front", "front-1")], "t-1.pvt.aws.local")

    def test_scale_10k_shape_fits_the_quota(self):
        counts, _ = instances_per_namespace(generate("scale-10k", 160, 50, 40, 50, 4, 8))
        self.assertEqual(sum(counts.values()), 10000)
        self.assertEqual(len(counts), 8)
        self.assertLessEqual(max(counts.values()), MAX_INSTANCES_PER_NAMESPACE)

    def test_rejects_zero_namespaces(self):
        with self.assertRaises(subprocess.CalledProcessError):
            generate("t", 1, 1, 1, 1, 1, 0)


class CommittedScale10kTest(unittest.TestCase):
    def setUp(self):
        with open(os.path.join(SOURCE_DIR, "scenarios", "scale-10k.yaml")) as f:
            self.scenario = f.read()
        with open(os.path.join(SOURCE_DIR, "scenarios", "scale-10k", "manifest.yaml")) as f:
            self.manifest = f.read()

    def test_manifest_is_the_headers_command_output(self):
        command = re.search(r"\(tools/bench/gen_scale_manifests.py ([^>]+) >", self.scenario)
        self.assertIsNotNone(command, "the header names the generator command")
        self.assertEqual(generate(*command.group(1).split()), self.manifest)

    def test_manifest_uses_only_namespaces_the_scenario_creates(self):
        created = set(re.findall(r"- \{name: ([\w.-]+), type: HTTP\}", self.scenario))
        counts, _ = instances_per_namespace(self.manifest)
        self.assertTrue(counts)
        self.assertLessEqual(set(counts), created)
        self.assertLessEqual(max(counts.values()), MAX_INSTANCES_PER_NAMESPACE)


if __name__ == "__main__":
    unittest.main()
