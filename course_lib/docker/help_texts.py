"""The Docker CLI 28.2.2's `--help` texts of the commands (captured by tests/docker/real/capture_help.py)."""
from __future__ import annotations

HELP = {
    'ps': (
        'Usage:  docker ps [OPTIONS]\n'
        '\n'
        'List containers\n'
        '\n'
        'Aliases:\n'
        '  docker container ls, docker container list, docker container ps, docker ps\n'
        '\n'
        'Options:\n'
        '  -a, --all             Show all containers (default shows just running)\n'
        '  -f, --filter filter   Filter output based on conditions provided\n'
        '      --format string   Format output using a custom template:\n'
        "                        'table':            Print output in table format\n"
        '                        with column headers (default)\n'
        "                        'table TEMPLATE':   Print output in table format\n"
        '                        using the given Go template\n'
        "                        'json':             Print in JSON format\n"
        "                        'TEMPLATE':         Print output using the given\n"
        '                        Go template.\n'
        '                        Refer to https://docs.docker.com/go/formatting/\n'
        '                        for more information about formatting output with\n'
        '                        templates\n'
        '  -n, --last int        Show n last created containers (includes all\n'
        '                        states) (default -1)\n'
        '  -l, --latest          Show the latest created container (includes all\n'
        '                        states)\n'
        "      --no-trunc        Don't truncate output\n"
        '  -q, --quiet           Only display container IDs\n'
        '  -s, --size            Display total file sizes\n'
    ),
    'exec': (
        'Usage:  docker exec [OPTIONS] CONTAINER COMMAND [ARG...]\n'
        '\n'
        'Execute a command in a running container\n'
        '\n'
        'Aliases:\n'
        '  docker container exec, docker exec\n'
        '\n'
        'Options:\n'
        '  -d, --detach               Detached mode: run command in the background\n'
        '      --detach-keys string   Override the key sequence for detaching a\n'
        '                             container\n'
        '  -e, --env list             Set environment variables\n'
        '      --env-file list        Read in a file of environment variables\n'
        '  -i, --interactive          Keep STDIN open even if not attached\n'
        '      --privileged           Give extended privileges to the command\n'
        '  -t, --tty                  Allocate a pseudo-TTY\n'
        '  -u, --user string          Username or UID (format:\n'
        '                             "<name|uid>[:<group|gid>]")\n'
        '  -w, --workdir string       Working directory inside the container\n'
    ),
    'logs': (
        'Usage:  docker logs [OPTIONS] CONTAINER\n'
        '\n'
        'Fetch the logs of a container\n'
        '\n'
        'Aliases:\n'
        '  docker container logs, docker logs\n'
        '\n'
        'Options:\n'
        '      --details        Show extra details provided to logs\n'
        '  -f, --follow         Follow log output\n'
        '      --since string   Show logs since timestamp (e.g.\n'
        '                       "2013-01-02T13:23:37Z") or relative (e.g. "42m"\n'
        '                       for 42 minutes)\n'
        '  -n, --tail string    Number of lines to show from the end of the logs\n'
        '                       (default "all")\n'
        '  -t, --timestamps     Show timestamps\n'
        '      --until string   Show logs before a timestamp (e.g.\n'
        '                       "2013-01-02T13:23:37Z") or relative (e.g. "42m"\n'
        '                       for 42 minutes)\n'
    ),
    'stop': (
        'Usage:  docker stop [OPTIONS] CONTAINER [CONTAINER...]\n'
        '\n'
        'Stop one or more running containers\n'
        '\n'
        'Aliases:\n'
        '  docker container stop, docker stop\n'
        '\n'
        'Options:\n'
        '  -s, --signal string   Signal to send to the container\n'
        '  -t, --timeout int     Seconds to wait before killing the container\n'
    ),
    'kill': (
        'Usage:  docker kill [OPTIONS] CONTAINER [CONTAINER...]\n'
        '\n'
        'Kill one or more running containers\n'
        '\n'
        'Aliases:\n'
        '  docker container kill, docker kill\n'
        '\n'
        'Options:\n'
        '  -s, --signal string   Signal to send to the container\n'
    ),
    'start': (
        'Usage:  docker start [OPTIONS] CONTAINER [CONTAINER...]\n'
        '\n'
        'Start one or more stopped containers\n'
        '\n'
        'Aliases:\n'
        '  docker container start, docker start\n'
        '\n'
        'Options:\n'
        '  -a, --attach                  Attach STDOUT/STDERR and forward signals\n'
        '      --checkpoint string       Restore from this checkpoint\n'
        '      --checkpoint-dir string   Use a custom checkpoint storage directory\n'
        '      --detach-keys string      Override the key sequence for detaching a\n'
        '                                container\n'
        "  -i, --interactive             Attach container's STDIN\n"
    ),
    'rm': (
        'Usage:  docker rm [OPTIONS] CONTAINER [CONTAINER...]\n'
        '\n'
        'Remove one or more containers\n'
        '\n'
        'Aliases:\n'
        '  docker container rm, docker container remove, docker rm\n'
        '\n'
        'Options:\n'
        '  -f, --force     Force the removal of a running container (uses SIGKILL)\n'
        '  -l, --link      Remove the specified link\n'
        '  -v, --volumes   Remove anonymous volumes associated with the container\n'
    ),
    'inspect': (
        'Usage:  docker inspect [OPTIONS] NAME|ID [NAME|ID...]\n'
        '\n'
        'Return low-level information on Docker objects\n'
        '\n'
        'Options:\n'
        '  -f, --format string   Format output using a custom template:\n'
        "                        'json':             Print in JSON format\n"
        "                        'TEMPLATE':         Print output using the given\n"
        '                        Go template.\n'
        '                        Refer to https://docs.docker.com/go/formatting/\n'
        '                        for more information about formatting output with\n'
        '                        templates\n'
        '  -s, --size            Display total file sizes if the type is container\n'
        '      --type string     Only inspect objects of the given type\n'
    ),
    'port': (
        'Usage:  docker port CONTAINER [PRIVATE_PORT[/PROTO]]\n'
        '\n'
        'List port mappings or a specific mapping for the container\n'
        '\n'
        'Aliases:\n'
        '  docker container port, docker port\n'
    ),
    'rmi': (
        'Usage:  docker rmi [OPTIONS] IMAGE [IMAGE...]\n'
        '\n'
        'Remove one or more images\n'
        '\n'
        'Aliases:\n'
        '  docker image rm, docker image remove, docker rmi\n'
        '\n'
        'Options:\n'
        '  -f, --force              Force removal of the image\n'
        '      --no-prune           Do not delete untagged parents\n'
        '      --platform strings   Remove only the given platform variant.\n'
        '                           Formatted as "os[/arch[/variant]]" (e.g.,\n'
        '                           "linux/amd64")\n'
    ),
    'images': (
        'Usage:  docker images [OPTIONS] [REPOSITORY[:TAG]]\n'
        '\n'
        'List images\n'
        '\n'
        'Aliases:\n'
        '  docker image ls, docker image list, docker images\n'
        '\n'
        'Options:\n'
        '  -a, --all             Show all images (default hides intermediate images)\n'
        '      --digests         Show digests\n'
        '  -f, --filter filter   Filter output based on conditions provided\n'
        '      --format string   Format output using a custom template:\n'
        "                        'table':            Print output in table format\n"
        '                        with column headers (default)\n'
        "                        'table TEMPLATE':   Print output in table format\n"
        '                        using the given Go template\n'
        "                        'json':             Print in JSON format\n"
        "                        'TEMPLATE':         Print output using the given\n"
        '                        Go template.\n'
        '                        Refer to https://docs.docker.com/go/formatting/\n'
        '                        for more information about formatting output with\n'
        '                        templates\n'
        "      --no-trunc        Don't truncate output\n"
        '  -q, --quiet           Only show image IDs\n'
        '      --tree            List multi-platform images as a tree (EXPERIMENTAL)\n'
    ),
    'pull': (
        'Usage:  docker pull [OPTIONS] NAME[:TAG|@DIGEST]\n'
        '\n'
        'Download an image from a registry\n'
        '\n'
        'Aliases:\n'
        '  docker image pull, docker pull\n'
        '\n'
        'Options:\n'
        '  -a, --all-tags                Download all tagged images in the repository\n'
        '      --disable-content-trust   Skip image verification (default true)\n'
        '      --platform string         Set platform if server is multi-platform\n'
        '                                capable\n'
        '  -q, --quiet                   Suppress verbose output\n'
    ),
    'version': (
        'Usage:  docker version [OPTIONS]\n'
        '\n'
        'Show the Docker version information\n'
        '\n'
        'Options:\n'
        '  -f, --format string   Format output using a custom template:\n'
        "                        'json':             Print in JSON format\n"
        "                        'TEMPLATE':         Print output using the given\n"
        '                        Go template.\n'
        '                        Refer to https://docs.docker.com/go/formatting/\n'
        '                        for more information about formatting output with\n'
        '                        templates\n'
    ),
    'rename': (
        'Usage:  docker rename CONTAINER NEW_NAME\n'
        '\n'
        'Rename a container\n'
        '\n'
        'Aliases:\n'
        '  docker container rename, docker rename\n'
    ),
    'info': (
        'Usage:  docker info [OPTIONS]\n'
        '\n'
        'Display system-wide information\n'
        '\n'
        'Aliases:\n'
        '  docker system info, docker info\n'
        '\n'
        'Options:\n'
        '  -f, --format string   Format output using a custom template:\n'
        "                        'json':             Print in JSON format\n"
        "                        'TEMPLATE':         Print output using the given\n"
        '                        Go template.\n'
        '                        Refer to https://docs.docker.com/go/formatting/\n'
        '                        for more information about formatting output with\n'
        '                        templates\n'
    ),
    'top': (
        'Usage:  docker top CONTAINER [ps OPTIONS]\n'
        '\n'
        'Display the running processes of a container\n'
        '\n'
        'Aliases:\n'
        '  docker container top, docker top\n'
    ),
    'stats': (
        'Usage:  docker stats [OPTIONS] [CONTAINER...]\n'
        '\n'
        'Display a live stream of container(s) resource usage statistics\n'
        '\n'
        'Aliases:\n'
        '  docker container stats, docker stats\n'
        '\n'
        'Options:\n'
        '  -a, --all             Show all containers (default shows just running)\n'
        '      --format string   Format output using a custom template:\n'
        "                        'table':            Print output in table format\n"
        '                        with column headers (default)\n'
        "                        'table TEMPLATE':   Print output in table format\n"
        '                        using the given Go template\n'
        "                        'json':             Print in JSON format\n"
        "                        'TEMPLATE':         Print output using the given\n"
        '                        Go template.\n'
        '                        Refer to https://docs.docker.com/go/formatting/\n'
        '                        for more information about formatting output with\n'
        '                        templates\n'
        '      --no-stream       Disable streaming stats and only pull the first result\n'
        '      --no-trunc        Do not truncate output\n'
    ),
    'image inspect': (
        'Usage:  docker image inspect [OPTIONS] IMAGE [IMAGE...]\n'
        '\n'
        'Display detailed information on one or more images\n'
        '\n'
        'Options:\n'
        '  -f, --format string     Format output using a custom template:\n'
        "                          'json':             Print in JSON format\n"
        "                          'TEMPLATE':         Print output using the\n"
        '                          given Go template.\n'
        '                          Refer to https://docs.docker.com/go/formatting/\n'
        '                          for more information about formatting output\n'
        '                          with templates\n'
        '      --platform string   Inspect a specific platform of the\n'
        '                          multi-platform image.\n'
        '                          If the image or the server is not\n'
        '                          multi-platform capable, the command will error\n'
        '                          out if the platform does not match.\n'
        "                          'os[/arch[/variant]]': Explicit platform (eg.\n"
        '                          linux/amd64)\n'
    ),
    'container inspect': (
        'Usage:  docker container inspect [OPTIONS] CONTAINER [CONTAINER...]\n'
        '\n'
        'Display detailed information on one or more containers\n'
        '\n'
        'Options:\n'
        '  -f, --format string   Format output using a custom template:\n'
        "                        'json':             Print in JSON format\n"
        "                        'TEMPLATE':         Print output using the given\n"
        '                        Go template.\n'
        '                        Refer to https://docs.docker.com/go/formatting/\n'
        '                        for more information about formatting output with\n'
        '                        templates\n'
        '  -s, --size            Display total file sizes\n'
    ),
    'network': (
        'Usage:  docker network COMMAND\n'
        '\n'
        'Manage networks\n'
        '\n'
        'Commands:\n'
        '  connect     Connect a container to a network\n'
        '  create      Create a network\n'
        '  disconnect  Disconnect a container from a network\n'
        '  inspect     Display detailed information on one or more networks\n'
        '  ls          List networks\n'
        '  prune       Remove all unused networks\n'
        '  rm          Remove one or more networks\n'
        '\n'
        "Run 'docker network COMMAND --help' for more information on a command.\n"
    ),
}
