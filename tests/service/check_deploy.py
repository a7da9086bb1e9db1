"""Checks the deployment files that cannot be run here (no Docker, no kubectl):
the Kubernetes manifests parse as YAML and hold what the service needs, the
systemd unit runs service mode with its state directory and hardening, and the
Dockerfile's build stage installs the build packages of scripts/setup.sh.
Usage: check_deploy.py DEPLOY_DIR SETUP_SH"""
import configparser
import re
import sys
from pathlib import Path

import yaml

deploy, setup_sh = Path(sys.argv[1]), Path(sys.argv[2])
failures = []


def check(condition, message):
    if not condition:
        failures.append(message)


# Kubernetes
documents = [d for d in yaml.safe_load_all((deploy / "kubernetes/connector-host.yaml").read_text()) if d]
by_kind = {d["kind"]: d for d in documents}
for kind in ("Deployment", "ConfigMap", "Secret", "PersistentVolumeClaim", "Service"):
    check(kind in by_kind, f"kubernetes: no {kind}")
    check(by_kind.get(kind, {}).get("apiVersion"), f"kubernetes: {kind} has no apiVersion")
deployment = by_kind["Deployment"]
pod = deployment["spec"]["template"]["spec"]
container = pod["containers"][0]
check(container["livenessProbe"]["httpGet"]["path"] == "/healthz", "liveness probe is not /healthz")
check(container["readinessProbe"]["httpGet"]["path"] == "/readyz", "readiness probe is not /readyz")
check(container["args"][0] == "run", "the container does not run service mode")
check(pod["securityContext"].get("runAsNonRoot") is True, "the pod may run as root")
check(deployment["spec"]["replicas"] == 1, "more than one replica would sync twice")
mounts = {m["mountPath"]: m["name"] for m in container["volumeMounts"]}
volumes = {v["name"]: v for v in pod["volumes"]}
check(volumes[mounts["/var/lib/connector-host"]].get("persistentVolumeClaim", {}).get("claimName")
      == by_kind["PersistentVolumeClaim"]["metadata"]["name"], "state is not on the PVC")
check(volumes[mounts["/etc/connector-host/manifests"]].get("configMap", {}).get("name")
      == by_kind["ConfigMap"]["metadata"]["name"], "manifests are not from the ConfigMap")
secret_refs = [e["secretRef"]["name"] for e in container.get("envFrom", []) if "secretRef" in e]
check(by_kind["Secret"]["metadata"]["name"] in secret_refs, "credentials are not from the Secret")
service_ports = [p["targetPort"] for p in by_kind["Service"]["spec"]["ports"]]
check("metrics" in service_ports, "the Service does not expose the metrics port")
check(by_kind["Service"]["spec"]["selector"] == deployment["spec"]["selector"]["matchLabels"],
      "the Service does not select the Deployment's pods")
secret_env = set(by_kind["Secret"]["stringData"])
for name, text in by_kind["ConfigMap"]["data"].items():
    for env in re.findall(r'"env"\s*:\s*"([A-Z0-9_]+)"', text):
        check(env in secret_env, f"manifest {name} needs {env}, which the Secret lacks")

# systemd
unit = configparser.ConfigParser(strict=False, interpolation=None)
unit.optionxform = str
unit.read_string((deploy / "connector-host.service").read_text())
service = unit["Service"]
exec_start = service["ExecStart"].replace("\\\n", " ")
check(" run " in f" {exec_start} ", "the unit does not run service mode")
check("--state /var/lib/connector-host" in " ".join(exec_start.split()), "the unit's state is not /var/lib/connector-host")
check(service.get("DynamicUser") == "yes" or service.get("User"), "the unit runs as root")
for option in ("NoNewPrivileges", "ProtectSystem", "ProtectHome", "PrivateTmp"):
    check(option in service, f"the unit lacks {option}")
check(service.get("LimitCORE") == "0", "the unit allows core dumps (LimitCORE=0 missing)")
check(service.get("ExecReload", "").endswith("kill -HUP $MAINPID"), "reload does not send SIGHUP")
# The packaged layout (docs/packaging.md): the binary in /usr/bin, its plugins next to it.
check(exec_start.split()[0] == "/usr/bin/connector-host", "the unit does not run the packaged /usr/bin/connector-host")
check("--manifests /etc/connector-host/manifests" in " ".join(exec_start.split()),
      "the unit's manifests are not /etc/connector-host/manifests")

# Dockerfile: the build stage installs what scripts/setup.sh installs to build.
dockerfile = (deploy / "Dockerfile").read_text()
stages = re.split(r"^FROM ", dockerfile, flags=re.M)[1:]
check(len(stages) == 2 and stages[0].startswith("debian:12 AS build"), "not a Debian 12 two-stage build")
setup_packages = set(re.search(r"packages=\((.*?)\)", setup_sh.read_text(), re.S).group(1).split())
build_only = {"curl", "wrk", "python3", "python3-prometheus-client", "python3-yaml",
              "python3-requests", "ccache", "tinyproxy"}  # tests, demo and rebuild speed
for package in sorted(setup_packages - build_only):
    check(re.search(rf"(^|\s){re.escape(package)}(\s|$)", stages[0]) is not None,
          f"Dockerfile build stage lacks {package} (scripts/setup.sh installs it)")
check(re.search(r"^USER\s+(?!root|0\b)", stages[1], re.M) is not None, "the image runs as root")
# The image is the Debian package installed: built by scripts/package.sh, installed by apt.
check("scripts/package.sh" in stages[0], "the build stage does not build the package (scripts/package.sh)")
check(re.search(r"apt-get install[^\n]*\\?\s*[^\n]*connector-host_\*\.deb", stages[1]) is not None,
      "the image does not install the connector-host package")
check('"/usr/bin/connector-host"' in stages[1], "the entrypoint is not the packaged /usr/bin/connector-host")

for failure in failures:
    print("FAIL:", failure)
print(f"{len(failures)} problem(s) in {deploy}")
sys.exit(1 if failures else 0)
