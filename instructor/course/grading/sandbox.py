"""The sandbox that student code runs in while it is graded.

A grading kernel (and the trusted-verification process) is started through this module::

    python -m course.grading.sandbox kernel CONNECTION_FILE        # an IPython kernel
    python -m course.grading.sandbox run WORKDIR -- CMD [ARG ...]  # any command

It uses what every Linux distribution has (util-linux ``unshare`` and ``setpriv``; the
``mount``, ``chroot`` and ``setrlimit`` system calls). The student's code sees a root file
system built for it: the system (``/usr``, ``/etc``, ...), Python, the course's virtual
environment, the ``assignments`` package and ``datasets/``, all read-only, plus a private
scratch ``/tmp`` whose ``/tmp/work`` is a copy of the submission's folder (without
notebooks). Nothing else exists there: not source/, not gradebook.db, not other students'
files, not the seeds.

=====================  =============================================  ==========================
limit                  how                                            change it with
=====================  =============================================  ==========================
no network             a new, empty network namespace                 (always, level "full")
file system            new root: system, Python, venv, package and    COURSE_SANDBOX_EXPOSE
                       datasets read-only; private /tmp, /dev/shm;    (extra read-only paths,
                       /dev: null, zero, full, random, urandom, tty   separated by ':')
memory                 RLIMIT_AS (address space), 2 GiB               COURSE_SANDBOX_MEMORY_MB
CPU time per kernel    RLIMIT_CPU, 600 s                              COURSE_SANDBOX_CPU_SECONDS
processes and threads  RLIMIT_NPROC, 64, for a uid of its own         COURSE_SANDBOX_MAX_PROCESSES
file size              RLIMIT_FSIZE, 64 MiB                           COURSE_SANDBOX_FILE_MB
scratch space          tmpfs /tmp of 256 MiB                          COURSE_SANDBOX_TMP_MB
user                   uid/gid 200000 + launcher pid (one per         COURSE_SANDBOX_UID
                       sandbox), no capabilities, no_new_privs
no survivors           a new PID namespace: when the kernel dies,     -
                       every process it started dies
=====================  =============================================  ==========================

The per-cell and per-notebook wall time, the output cap and killing a cell's stray processes
are the grader's job (``course.grading.preprocessors.execute_in_sandbox``). Levels: ``full``
(root and the tools above: everything in the table), ``limits`` (otherwise, or
COURSE_SANDBOX_LEVEL=limits: resource limits only). Every class report names the level it ran at.
"""

from __future__ import annotations

import json
import os
import resource
import shutil
import signal
import sys
from dataclasses import dataclass, field
from pathlib import Path

MODULE = "course.grading.sandbox"
# The assignment being graded: student code sees the student package as it stands for that
# assignment (course.schedule: no module that answers it or a later one). Unset: all of it.
ENV_ASSIGNMENT = "COURSE_ASSIGNMENT"
PACKAGE_VIEW = Path("/run/.sandbox-package")
FULL = "full"
LIMITS = "limits"
SYSTEM_DIRS = ("/usr", "/bin", "/sbin", "/lib", "/lib32", "/lib64", "/libx32", "/etc")


def _env_int(name: str, default: int) -> int:
    value = os.environ.get(name)
    return int(value) if value else default


@dataclass(frozen=True)
class Limits:
    """Resource limits of one sandboxed process tree."""

    memory_mb: int = 2048
    cpu_seconds: int = 600
    max_processes: int = 64
    file_mb: int = 64
    tmp_mb: int = 256
    uid: int = 0  # 0: pick 200000 + pid (one uid per sandbox)
    expose: tuple[str, ...] = field(default_factory=tuple)

    @classmethod
    def from_env(cls) -> Limits:
        extra = os.environ.get("COURSE_SANDBOX_EXPOSE", "")
        return cls(
            memory_mb=_env_int("COURSE_SANDBOX_MEMORY_MB", cls.memory_mb),
            cpu_seconds=_env_int("COURSE_SANDBOX_CPU_SECONDS", cls.cpu_seconds),
            max_processes=_env_int("COURSE_SANDBOX_MAX_PROCESSES", cls.max_processes),
            file_mb=_env_int("COURSE_SANDBOX_FILE_MB", cls.file_mb),
            tmp_mb=_env_int("COURSE_SANDBOX_TMP_MB", cls.tmp_mb),
            uid=_env_int("COURSE_SANDBOX_UID", 0) or 200000 + os.getpid(),
            expose=tuple(p for p in extra.split(os.pathsep) if p),
        )

    def apply(self) -> None:
        """Set the resource limits on the current process (inherited by its children)."""
        mem = self.memory_mb * 1024 * 1024
        resource.setrlimit(resource.RLIMIT_AS, (mem, mem))
        resource.setrlimit(resource.RLIMIT_CPU, (self.cpu_seconds, self.cpu_seconds + 5))
        resource.setrlimit(resource.RLIMIT_NPROC, (self.max_processes, self.max_processes))
        size = self.file_mb * 1024 * 1024
        resource.setrlimit(resource.RLIMIT_FSIZE, (size, size))
        resource.setrlimit(resource.RLIMIT_CORE, (0, 0))


def level() -> str:
    """``full`` when namespaces, mounts and a user switch are possible here, else ``limits``."""
    if os.environ.get("COURSE_SANDBOX_LEVEL") == LIMITS:
        return LIMITS
    tools = all(shutil.which(t) for t in ("unshare", "setpriv"))
    return FULL if tools and os.geteuid() == 0 and sys.platform == "linux" else LIMITS


def package_home() -> Path:
    """The folder that holds the student package ``assignments`` the grader imports (and,
    beside it, ``datasets/``): what the sandbox shows student code. Not
    :func:`course.layout.course_root`, which is found from the working folder: the sandbox
    must show the package that is installed, wherever the command was started."""
    import assignments

    return Path(assignments.__file__).resolve().parents[1]


def readonly_paths(limits: Limits) -> list[Path]:
    """What the student's code may read: system, Python, venv, package, data."""
    root = package_home()
    paths = [Path(p) for p in SYSTEM_DIRS]
    paths += [Path(sys.base_prefix), Path(sys.prefix), root / "assignments"]
    # trusted verification's worker and the wire format it loads by its path, the two files
    # of the instructor package that run here (standard library and numpy only; started as a
    # script, not through the package)
    here = Path(__file__).resolve()
    paths += [here.with_name("trusted_worker.py"), here.with_name("trusted") / "protocol.py"]
    paths += [root / "datasets", root.parent / "shared" / "datasets"]
    if os.environ.get("COURSE_DATA_DIR"):
        paths.append(Path(os.environ["COURSE_DATA_DIR"]).absolute())
    paths += [Path(p).absolute() for p in limits.expose]
    # a symlink (/bin -> usr/bin on merged-/usr systems) is recreated as a symlink by _bind
    return [p for p in dict.fromkeys(paths) if p.is_symlink() or p.exists()]


def _unshare_argv(inner: list[str]) -> list[str]:
    return [
        "unshare", "--net", "--mount", "--pid", "--ipc", "--uts", "--fork",
        "--kill-child", "--mount-proc", *inner,
    ]  # fmt: skip


# mount(2) flags (linux/mount.h)
MS_RDONLY, MS_REMOUNT, MS_BIND, MS_REC, MS_PRIVATE = 1, 32, 4096, 16384, 1 << 18


def _mount(
    source: str | None, target: str, fstype: str | None = None, flags: int = 0, data: str = ""
) -> None:
    """mount(2), called directly: the sandbox makes some 30 mounts per start, and a ``mount``
    process for each cost 45 ms of every start."""
    import ctypes

    libc = ctypes.CDLL(None, use_errno=True)
    raw = [None if x is None else x.encode() for x in (source, target, fstype, data or None)]
    if libc.mount(raw[0], raw[1], raw[2], ctypes.c_ulong(flags), raw[3]) != 0:
        error = ctypes.get_errno()
        raise OSError(error, f"mount of {target} in the sandbox failed: {os.strerror(error)}")


def tmpfs(target: Path, options: str) -> None:
    """Mount a new tmpfs at ``target`` (OSError if it cannot: not root, no such folder)."""
    _mount("tmpfs", str(target), "tmpfs", 0, options)


def unmount_lazily(target: Path) -> None:
    """umount2(MNT_DETACH): ``target`` is detached now, freed once nothing uses it (OSError if
    it cannot be)."""
    import ctypes

    libc = ctypes.CDLL(None, use_errno=True)
    if libc.umount2(str(target).encode(), 2) != 0:  # MNT_DETACH
        error = ctypes.get_errno()
        raise OSError(error, f"unmount of {target} failed: {os.strerror(error)}")


def _bind_mount(source: str, target: Path, *, recursive: bool = True, readonly: bool) -> None:
    _mount(source, str(target), None, MS_BIND | (MS_REC if recursive else 0))
    if readonly:  # a bind mount is made read-only by remounting it
        _mount(None, str(target), None, MS_REMOUNT | MS_BIND | MS_RDONLY)


def _bind(source: Path, new_root: Path, *, writable: bool = False) -> None:
    """Mount ``source`` at the same path inside ``new_root`` (read-only unless writable)."""
    if source.is_symlink():
        link = new_root / source.relative_to("/")
        link.parent.mkdir(parents=True, exist_ok=True)
        if not link.exists():
            link.symlink_to(os.readlink(source))
        return
    target = new_root / source.relative_to("/")
    if source.is_dir():
        target.mkdir(parents=True, exist_ok=True)
    else:
        target.parent.mkdir(parents=True, exist_ok=True)
        target.touch()
    _bind_mount(str(source), target, readonly=not writable)


def _bind_package_view(package: Path, slug: str, new_root: Path) -> None:
    """Mount, read-only at the package's own path, a copy of the student package as students
    have it while ``slug`` is open: the modules the schedule withholds are not there, so
    student code cannot import or read them (this mount namespace's own tmpfs; it goes with
    the sandbox)."""
    from course import schedule

    PACKAGE_VIEW.mkdir(parents=True, exist_ok=True)
    tmpfs(PACKAGE_VIEW, "mode=0755,size=16m,nr_inodes=1024")
    for path in schedule.package_files(package, slug):
        target = PACKAGE_VIEW / path.relative_to(package)
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(path, target)
    target = new_root / package.relative_to("/")
    target.mkdir(parents=True, exist_ok=True)
    _bind_mount(str(PACKAGE_VIEW), target, readonly=True)


DEVICES = ("null", "zero", "full", "random", "urandom", "tty")


def _minimal_dev(dev: Path) -> None:
    """A /dev with the devices a Python kernel uses and nothing else: the host's /dev holds
    readable device nodes such as /dev/kmsg, the host kernel's log (red team, round 3)."""
    dev.mkdir(parents=True, exist_ok=True)
    tmpfs(dev, "mode=0755,size=64k,nr_inodes=64")
    for name in DEVICES:
        if Path("/dev", name).exists():
            (dev / name).touch()
            _bind_mount(f"/dev/{name}", dev / name, recursive=False, readonly=False)
    for name, target in (
        ("fd", "/proc/self/fd"),
        ("stdin", "/proc/self/fd/0"),
        ("stdout", "/proc/self/fd/1"),
        ("stderr", "/proc/self/fd/2"),
    ):
        (dev / name).symlink_to(target)  # fmt: skip
    (dev / "shm").mkdir()
    tmpfs(dev / "shm", "mode=1777,size=16m,nr_inodes=256")


def _prepare_workdir(source_fd: int, work: Path, uid: int) -> None:
    """Fill ``work`` with a copy of the submission's files (no notebooks), owned by ``uid``.

    ``source_fd`` is a directory descriptor opened before the mounts, so the folder is
    reachable wherever it lives (even under the host's /tmp)."""
    shutil.copytree(
        f"/proc/self/fd/{source_fd}",
        work,
        symlinks=True,  # a link stays a link: its target outside the new root is not there
        ignore=shutil.ignore_patterns("*.ipynb", ".ipynb_checkpoints"),
    )
    os.close(source_fd)
    for folder, dirs, files in os.walk(work):
        for name in [folder, *(os.path.join(folder, x) for x in dirs + files)]:
            os.chown(name, uid, uid, follow_symlinks=False)


# Run as the student's uid: the kernel's parent-death signal (unshare's --kill-child) is
# cleared by the change of user, so a grader killed alone (the OOM killer) left the kernel
# running; it is set again, after the change, before the student's program starts. A launcher
# that died between the change and the new signal (30 ms of Python's start) would still leave
# an orphan: the launcher holds the write end of a pipe no one writes to, whose read end
# (argv[1]) is then at end of file, and the program is not started.
_REARM = (
    "import ctypes, os, select, signal, sys; ctypes.CDLL(None).prctl(1, signal.SIGKILL); "
    "alive = int(sys.argv[1]); "
    "os._exit(1) if select.select([alive], [], [], 0)[0] else os.close(alive); "
    "os.execvp(sys.argv[2], sys.argv[2:])"
)
LAUNCHER_PIPE = "COURSE_SANDBOX_LAUNCHER_PIPE"  # "READ,WRITE": the launcher's life, as above


def _setpriv(uid: int, argv: list[str], alive: int) -> list[str]:
    return [
        "setpriv", f"--reuid={uid}", f"--regid={uid}", "--clear-groups", "--no-new-privs",
        "--inh-caps=-all", "--bounding-set=-all", "--", sys.executable, "-c", _REARM,
        str(alive), *argv,
    ]  # fmt: skip


def _launcher_pipe() -> None:
    """The pipe of _REARM, made by the launcher before it becomes ``unshare`` (which keeps
    both ends open for as long as it lives)."""
    read, write = os.pipe()
    os.set_inheritable(read, True)
    os.set_inheritable(write, True)
    os.environ[LAUNCHER_PIPE] = f"{read},{write}"


def _launcher_alive_fd() -> int:
    """In the sandbox's first process: the read end of the launcher's pipe, the write end
    closed (only the launcher may hold it)."""
    read, write = (int(fd) for fd in os.environ.pop(LAUNCHER_PIPE).split(","))
    os.close(write)
    return read


# The only variables of the grader's environment that student code gets: the locale, the
# search path, the course's own settings that the notebooks read, and what nbgrader and
# Jupyter set for a kernel. Everything else (a COURSE_DB_URL with a password, cloud tokens,
# the grader's HOME) stays with the grader; a Dask worker's MALLOC_TRIM_THRESHOLD_ and
# PYTHONHASHSEED are not passed on either, so a kernel started by a worker runs as one
# started sequentially.
PASSED_ON = frozenset({
    "PATH", "LANG", "LANGUAGE", "LC_ALL", "LC_CTYPE", "LC_NUMERIC", "TZ", "TERM",
    "VIRTUAL_ENV", "PYTHONPATH", "PYTHONIOENCODING", "PYTHONUTF8",
    "COURSE_ROOT", "COURSE_DATA_DIR", "NBGRADER_EXECUTION", "OPENBLAS_CORETYPE",
    "MPLBACKEND", "JPY_PARENT_PID", "JPY_SESSION_NAME", "PYDEVD_DISABLE_FILE_VALIDATION",
    "MALLOC_MMAP_THRESHOLD_", "MALLOC_TOP_PAD_",
})  # fmt: skip


def _limits_env() -> dict[str, str]:
    """Student code's environment at the LIMITS level (same user, no new root)."""
    env = {key: value for key, value in os.environ.items() if key in PASSED_ON}
    if "HOME" in os.environ:
        env["HOME"] = os.environ["HOME"]
    env.update(OPENBLAS_NUM_THREADS="1", OMP_NUM_THREADS="1", MKL_NUM_THREADS="1")
    return env


TMP_INODES = 16384  # files and folders the student's /tmp may hold (each costs host memory)


def _sandbox_env() -> dict[str, str]:
    """Student code's environment in the full sandbox."""
    env = {key: value for key, value in os.environ.items() if key in PASSED_ON}
    env.update(
        HOME="/tmp/.sandbox",
        MPLCONFIGDIR="/tmp/.sandbox/matplotlib",
        IPYTHONDIR="/tmp/.sandbox/ipython",
        OPENBLAS_NUM_THREADS="1",
        OMP_NUM_THREADS="1",
        MKL_NUM_THREADS="1",
        PYTHONDONTWRITEBYTECODE="1",
    )
    return env


def enter_full(
    cwd: Path, argv: list[str], limits: Limits, keep: list[Path], shared: list[Path]
) -> None:
    """Inside fresh namespaces, as root: build the new root, drop to ``limits.uid``, exec.

    ``keep`` files are copied into the private /tmp/.sandbox; ``shared`` folders (the
    kernel's IPC sockets) are mounted writable at their own paths."""
    alive = _launcher_alive_fd()
    source_fd = os.open(cwd, os.O_RDONLY | os.O_DIRECTORY)
    kept = {path.name: path.read_bytes() for path in keep}
    _mount(None, "/", None, MS_REC | MS_PRIVATE)
    # The new root: only what is bound below exists for the student (not the grader's /tmp,
    # /dev/shm, home folders or course files).
    new_root = Path("/run/.sandbox-root") if Path("/run").is_dir() else Path("/mnt")
    new_root.mkdir(parents=True, exist_ok=True)
    tmpfs(new_root, "mode=0755,size=1m,nr_inodes=4096")
    # /tmp first: the course, its venv or the data may live under the host's /tmp (a fresh
    # clone in /tmp), and are bound on top of the student's empty /tmp below, not hidden by it.
    (new_root / "tmp").mkdir()
    tmpfs(new_root / "tmp", f"mode=1777,size={limits.tmp_mb}m,nr_inodes={TMP_INODES}")
    home = package_home()
    package = home / "assignments"
    for path in readonly_paths(limits):
        if path == package and os.environ.get(ENV_ASSIGNMENT):
            _bind_package_view(package, os.environ[ENV_ASSIGNMENT], new_root)
        else:
            _bind(path, new_root)
    for path in shared:
        _bind(path, new_root, writable=True)
    _minimal_dev(new_root / "dev")
    (new_root / "proc").mkdir(exist_ok=True)
    _mount("proc", str(new_root / "proc"), "proc")
    _prepare_workdir(source_fd, new_root / "tmp/work", limits.uid)
    private = new_root / "tmp/.sandbox"  # connection file, IPython and matplotlib state
    private.mkdir(mode=0o700)
    for name, content in kept.items():
        (private / name).write_bytes(content)
    for folder, _, files in os.walk(private):
        for name in [folder, *(os.path.join(folder, f) for f in files)]:
            os.chown(name, limits.uid, limits.uid)
    os.chroot(new_root)
    os.chdir("/tmp/work")
    limits.apply()
    env = _sandbox_env()
    env["COURSE_ROOT"] = str(home)
    os.execvpe("setpriv", _setpriv(limits.uid, argv, alive), env)


def _die_with_parent() -> None:
    """If the grader is killed, this launcher gets SIGKILL too (and, through unshare's
    --kill-child and the PID namespace, everything the student started)."""
    import ctypes

    libc = ctypes.CDLL(None, use_errno=True)
    libc.prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    if os.getppid() == 1:  # the grader died before prctl took effect
        os._exit(1)


def _kernel_argv(connection_file: str) -> list[str]:
    return [sys.executable, "-m", "ipykernel_launcher", "-f", connection_file]


def main(argv: list[str]) -> None:
    limits = Limits.from_env()
    mode, rest = argv[0], argv[1:]
    if mode == "kernel":
        connection_file = Path(rest[0])
        info = json.loads(connection_file.read_text())
        if level() == LIMITS:
            limits.apply()
            os.execve(sys.executable, _kernel_argv(str(connection_file)), _limits_env())
        if info.get("transport") == "ipc":
            os.chown(Path(info["ip"]).parent, limits.uid, limits.uid)
        inner = [sys.executable, "-m", MODULE, "kernel-inner", str(connection_file), os.getcwd()]
        os.environ["COURSE_SANDBOX_UID"] = str(limits.uid)
        _die_with_parent()
        _launcher_pipe()
        os.execvp("unshare", _unshare_argv(inner))
    elif mode == "kernel-inner":
        connection_file, cwd = Path(rest[0]), Path(rest[1])
        info = json.loads(connection_file.read_text())
        shared = [Path(info["ip"]).parent] if info.get("transport") == "ipc" else []
        enter_full(
            cwd,
            _kernel_argv(f"/tmp/.sandbox/{connection_file.name}"),
            limits,
            keep=[connection_file],
            shared=shared,
        )
    elif mode == "run":
        cwd, command = Path(rest[0]), rest[rest.index("--") + 1 :]
        if level() == LIMITS:
            os.chdir(cwd)
            limits.apply()
            os.execvpe(command[0], command, _limits_env())
        inner = [sys.executable, "-m", MODULE, "run-inner", str(cwd), "--", *command]
        os.environ["COURSE_SANDBOX_UID"] = str(limits.uid)
        _die_with_parent()
        _launcher_pipe()
        os.execvp("unshare", _unshare_argv(inner))
    elif mode == "run-inner":
        cwd, command = Path(rest[0]), rest[rest.index("--") + 1 :]
        enter_full(cwd, command, limits, keep=[], shared=[])
    else:
        raise SystemExit(f"usage: python -m {MODULE} kernel CONNECTION_FILE | run DIR -- CMD")


if __name__ == "__main__":
    main(sys.argv[1:])
