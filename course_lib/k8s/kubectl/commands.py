"""Imports every kubectl subcommand module so their @sub registrations run."""
from course_lib.k8s.kubectl import describe, get, metadata, nodes, ops, write  # noqa: F401
from course_lib.k8s.kubectl import logs_select, patch, rollout  # noqa: F401,E402  (logs_select after ops)
from course_lib.k8s.kubectl import delete, describe_apps, set_image, wait  # noqa: F401,E402
from course_lib.k8s.kubectl import config_cmd, top  # noqa: F401,E402
from course_lib.k8s.kubectl import describe_core  # noqa: F401,E402
from course_lib.k8s.kubectl import explain  # noqa: F401,E402
from course_lib.k8s.kubectl import drain, portforward  # noqa: F401,E402
from course_lib.k8s.kubectl import create_rbac  # noqa: F401,E402
from course_lib.k8s.kubectl import create_misc  # noqa: F401,E402
from course_lib.k8s.kubectl import auth, cp, debug, edit, events_cmd  # noqa: F401,E402
from course_lib.k8s.kubectl import follow  # noqa: F401,E402  (get -w, logs -f as jobs: after get and logs_select)
