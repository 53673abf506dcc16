"""`kubectl [COMMAND] --help|-h`: kubectl 1.30's help layout for the commands this simulation has.

The layout is kubectl's usage template (description, Examples:, Options: with pflag's `    -s, --name=default:`
lines, string defaults in single quotes and the text after a tab, Usage: with the command's cobra Use line and
` [options]`, the closing line about `kubectl options`), printed on stdout with rc 0. The Use lines are
kubectl 1.30's own syntax lines; the descriptions and examples are written for this course and the Options list
the flags this simulation implements for the command, not kubectl's full list.
"""
from __future__ import annotations

from typing import Optional

Flag = tuple[str, str, str, str]          # shorthand, name, default as pflag prints it, what it does
OUTPUT = ("o", "output", "''", "Output format: json, yaml, name, wide (get), jsonpath=..., go-template=..., "
          "custom-columns=...")
DRY = ("", "dry-run", "'none'", "none, client or server: with client or server nothing is stored, only printed.")
NS_ALL = ("A", "all-namespaces", "false", "Act on every namespace instead of the current one.")
SELECTOR = ("l", "selector", "''", "Label selector (e.g. -l app=web,tier!=db) choosing the objects.")
FILENAME = ("f", "filename", "[]", "A file, a directory or a URL holding the manifests; - reads stdin.")
FORMATS = ("json|yaml|name|go-template|go-template-file|template|templatefile|jsonpath|jsonpath-as-json|"
           "jsonpath-file")

HELP: dict[str, tuple[str, str, list[str], list[Flag]]] = {
    "get": ("get [(-o|--output=)" + FORMATS + "|custom-columns-file|custom-columns|wide] (TYPE[.VERSION][.GROUP] "
            "[NAME | -l label] | TYPE[.VERSION][.GROUP]/NAME ...) [flags]",
            "Show objects of one or more resource types as a table, or in a chosen output format.",
            ["# Pods of the current namespace, with their node and IP", "kubectl get pods -o wide", "",
             "# Services of every namespace", "kubectl get svc -A"],
            [NS_ALL, ("", "no-headers", "false", "Leave out the table's header line."), OUTPUT, SELECTOR,
             ("", "show-labels", "false", "Add a LABELS column."),
             ("", "sort-by", "''", "Sort the list by a JSONPath field, e.g. {.metadata.name}."),
             ("", "field-selector", "''", "Filter on fields, e.g. status.phase=Running.")]),
    "describe": ("describe (-f FILENAME | TYPE [NAME_PREFIX | -l label] | TYPE/NAME)",
                 "Print the details of objects, with the events recorded about them.",
                 ["# A pod's containers, conditions and events", "kubectl describe pod web"],
                 [NS_ALL, SELECTOR]),
    "create": ("create -f FILENAME", "Create objects from manifests, or with one of the generators below.",
               ["# Create what a manifest describes", "kubectl create -f pod.yaml", "",
                "# A deployment of three nginx pods", "kubectl create deployment web --image=nginx --replicas=3"],
               [DRY, FILENAME, OUTPUT]),
    "create deployment": ("deployment NAME --image=image -- [COMMAND] [args...]",
                          "Create a Deployment running the given image(s).",
                          ["kubectl create deployment web --image=nginx --port=80 --replicas=2"],
                          [DRY, ("", "image", "[]", "Image of a container (repeat for more containers)."), OUTPUT,
                           ("", "port", "-1", "The port the container exposes."),
                           ("r", "replicas", "1", "How many pods to run.")]),
    "create service clusterip": ("clusterip NAME [--tcp=<port>:<targetPort>] [--dry-run=server|client|none]",
                                 "Create a ClusterIP Service (selector app=NAME).",
                                 ["kubectl create service clusterip web --tcp=80:8080"],
                                 [("", "clusterip", "''", "A fixed cluster IP, or None for a headless Service."),
                                  DRY, OUTPUT, ("", "tcp", "[]", "port:targetPort pairs.")]),
    "apply": ("apply (-f FILENAME | -k DIRECTORY)",
              "Create or update objects so they match the manifests (client-side apply).",
              ["kubectl apply -f deploy.yaml", "cat pod.yaml | kubectl apply -f -"], [DRY, FILENAME, OUTPUT]),
    "delete": ("delete ([-f FILENAME] | [-k DIRECTORY] | TYPE [(NAME | -l label | --all)])",
               "Delete objects by name, label selector or manifest.",
               ["kubectl delete pod web", "kubectl delete pods -l app=web"],
               [("", "all", "false", "Delete every object of the type in the namespace."), DRY, FILENAME,
                ("", "force", "false", "With --grace-period=0: remove at once."),
                ("", "grace-period", "-1", "Seconds the pod gets to stop."), SELECTOR,
                ("", "wait", "true", "Wait until the objects are gone.")]),
    "run": ('run NAME --image=image [--env="key=value"] [--port=port] [--dry-run=server|client] '
            "[--overrides=inline-json] [--command] -- [COMMAND] [args...]",
            "Start one pod running the given image.",
            ["# A pod serving on port 80", "kubectl run web --image=nginx --port=80", "",
             "# A throw-away client, removed when it ends", "kubectl run t --image=busybox --rm -it -- wget -qO- web"],
            [("", "command", "false", "The words after -- replace the image's entrypoint."), DRY,
             ("", "env", "[]", "Environment variables KEY=VALUE."), ("", "expose", "false",
                                                                      "Create a ClusterIP Service too."),
             ("", "image", "''", "The container's image."), ("l", "labels", "''", "Labels for the pod."), OUTPUT,
             ("", "port", "''", "The port the container exposes."), ("", "restart", "'Always'",
                                                                     "Always, OnFailure or Never."),
             ("", "rm", "false", "Delete the pod when the attached session ends."),
             ("i", "stdin", "false", "Keep stdin open."), ("t", "tty", "false", "Allocate a TTY.")]),
    "expose": ("expose (-f FILENAME | TYPE NAME) [--port=port] [--protocol=TCP|UDP|SCTP] "
               "[--target-port=number-or-name] [--name=name] [--external-ip=external-ip-of-service] [--type=type]",
               "Create a Service for a pod, deployment, replica set or service, selecting its pods.",
               ["kubectl expose deployment web --port=80 --target-port=8080 --type=NodePort"],
               [DRY, ("", "name", "''", "The Service's name (default: the object's)."), OUTPUT,
                ("", "port", "''", "The Service port."), ("", "protocol", "''", "TCP, UDP or SCTP."),
                ("", "selector", "''", "Pods to select (default: the object's selector or labels)."),
                ("", "target-port", "''", "The container port the Service sends to."),
                ("", "type", "''", "ClusterIP, NodePort, LoadBalancer or ExternalName.")]),
    "exec": ("exec (POD | TYPE/NAME) [-c CONTAINER] [flags] -- COMMAND [args...]",
             "Run a command in a container of a running pod.",
             ["kubectl exec web -- ip addr", "kubectl exec -it web -c sidecar -- sh"],
             [("c", "container", "''", "The container (default: the first)."), ("i", "stdin", "false",
                                                                                 "Pass stdin to the command."),
              ("q", "quiet", "false", "Print only the command's output."), ("t", "tty", "false", "Allocate a TTY.")]),
    "logs": ("logs [-f] [-p] (POD | TYPE/NAME) [-c CONTAINER]", "Print what a container wrote to stdout/stderr.",
             ["kubectl logs web", "kubectl logs -n kube-system kube-proxy-abcde --tail=20"],
             [("c", "container", "''", "The container (default: the first)."), ("f", "follow", "false",
                                                                                 "Keep streaming new lines."),
              ("p", "previous", "false", "The previous, ended instance of the container."), SELECTOR,
              ("", "tail", "-1", "Only the last N lines."), ("", "timestamps", "false", "Prefix each line's time.")]),
    "edit": ("edit (RESOURCE/NAME | -f FILENAME)",
             "Open an object in $KUBE_EDITOR (or $EDITOR, or vi) and save the change; a refused change re-opens "
             "the file with the reasons.",
             ["KUBE_EDITOR=\"sed -i 's/replicas: 1/replicas: 3/'\" kubectl edit deployment web"],
             [("o", "output", "''", "Edit as json or yaml.")]),
    "debug": ("debug (POD | TYPE[[.VERSION].GROUP]/NAME) [ -- COMMAND [args...] ]",
              "Add an ephemeral debug container to a running pod (it shares the pod's network), or run a debugging "
              "pod on a node's network.",
              ["kubectl debug -it web --image=nicolaka/netshoot --target=web -- ss -tlnp",
               "kubectl debug node/node01 -it --image=busybox"],
              [("", "arguments-only", "false", "The words after -- are arguments, not the command."),
               ("c", "container", "''", "The debug container's name."), ("", "env", "[]", "Environment KEY=VALUE."),
               ("", "copy-to", "''", "Debug a copy of the pod, made under this name."),
               ("", "replace", "false", "With --copy-to: delete the original pod."),
               ("", "same-node", "false", "With --copy-to: keep the copy on the pod's node."),
               ("", "set-image", "[]", "With --copy-to: NAME=IMAGE for the copy's containers (* for all)."),
               ("", "share-processes", "true", "With --copy-to: share one process namespace in the copy."),
               ("", "image", "''", "The debug container's image."), ("", "profile", "'legacy'",
                                                                     "legacy, general, baseline, netadmin, "
                                                                     "restricted or sysadmin."),
               ("q", "quiet", "false", "No informational messages."), ("i", "stdin", "false", "Attach stdin."),
               ("", "target", "''", "Share the processes of this container."), ("t", "tty", "false",
                                                                               "Allocate a TTY.")]),
    "auth can-i": ("can-i VERB [TYPE | TYPE/NAME | NONRESOURCEURL]",
                   "Ask the API server whether the current (or --as) user may do something: yes or no.",
                   ["kubectl auth can-i create pods", "kubectl auth can-i list secrets --as jane -n dev",
                    "kubectl auth can-i --list"],
                   [NS_ALL, ("", "list", "false", "List every action allowed."),
                    ("", "no-headers", "false", "With --list: no header line."),
                    ("q", "quiet", "false", "Only the exit code."), ("", "subresource", "''", "e.g. log or scale.")]),
    "events": ("events [(-o|--output=)" + FORMATS + "] [--for TYPE/NAME] [--watch] [--event=Normal,Warning]",
               "List the events of the namespace, oldest first.",
               ["kubectl events --for pod/web", "kubectl events --types=Warning -A"],
               [NS_ALL, ("", "for", "''", "Only events about TYPE/NAME."),
                ("", "no-headers", "false", "Leave out the header line."), OUTPUT,
                ("", "types", "[]", "Normal, Warning or both.")]),
    "port-forward": ("port-forward TYPE/NAME [options] [LOCAL_PORT:]REMOTE_PORT [...[LOCAL_PORT_N:]REMOTE_PORT_N]",
                     "Forward local ports to a pod (or the pod behind a service or deployment).",
                     ["kubectl port-forward svc/web 8080:80"],
                     [("", "address", "[localhost]", "Addresses to listen on.")]),
}


def wanted(args: list[str]) -> bool:
    """--help or -h among the arguments kubectl itself reads (not after --)."""
    own = args[:args.index("--")] if "--" in args else args
    return any(a in ("--help", "-h") for a in own)


def render(key: str) -> Optional[str]:
    entry = HELP.get(key)
    if entry is None:
        return None
    use, text, examples, flags = entry
    out = text + "\n\nExamples:\n" + "".join(f"  {line}\n" if line else "  \n" for line in examples)
    if flags:
        out += "\nOptions:\n"
        for short, name, default, what in sorted(flags, key=lambda f: f[1]):
            head = f"    -{short}, --{name}={default}:" if short else f"    --{name}={default}:"
            out += f"{head}\n\t{what}\n\n"
    else:
        out += "\n"
    prefix = "kubectl " + " ".join(key.split()[:-1]) + " " if " " in key else "kubectl "
    out += f"Usage:\n  {prefix}{use} [options]\n\n"
    return out + 'Use "kubectl options" for a list of global command-line options (applies to all commands).\n'


def command_key(args: list[str]) -> str:
    """The help entry the words name: `create deployment`, `create service clusterip`, `auth can-i`, `get`."""
    words = [a for a in (args[:args.index("--")] if "--" in args else args) if not a.startswith("-")]
    aliases = {"create deploy": "create deployment", "create svc clusterip": "create service clusterip"}
    for n in (3, 2, 1):
        key = " ".join(words[:n])
        if key in HELP or key in aliases:
            return aliases.get(key, key)
    return ""
