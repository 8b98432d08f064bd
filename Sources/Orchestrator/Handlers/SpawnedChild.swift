import Glibc
import Synchronization

/// A child process started by ``ProgramRunner`` and the parent's ends of its pipes (-1 once closed).
///
/// Used from one thread only, the runner's; every descriptor is close-on-exec and closed once.
final class SpawnedChild {
    struct SpawnError: Error {
        var number: Int32
    }

    let pid: pid_t
    private(set) var stdin: Int32
    private(set) var stdout: Int32
    private(set) var stderr: Int32
    private var isReaped = false

    private init(pid: pid_t, stdin: Int32, stdout: Int32, stderr: Int32) {
        self.pid = pid
        self.stdin = stdin
        self.stdout = stdout
        self.stderr = stderr
    }

    static func spawn(_ run: ProgramRunner.Run) -> Result<SpawnedChild, SpawnError> {
        // Pipes are made and marked close-on-exec, and children spawned, under one lock, so that no
        // other spawn of this module can inherit a pipe end in between (Glibc does not import pipe2).
        spawnLock.withLock { _ in
            var input: [Int32] = [-1, -1]
            var output: [Int32] = [-1, -1]
            var errors: [Int32] = [-1, -1]
            guard run.stdin == nil || makePipe(&input), makePipe(&output), makePipe(&errors) else {
                let number = errno
                for fd in input + output + errors where fd >= 0 { _ = Glibc.close(fd) }
                return .failure(SpawnError(number: number))
            }
            return spawn(run, input: input, output: output, errors: errors)
        }
    }

    private static let spawnLock = Mutex(())

    private static func makePipe(_ fds: inout [Int32]) -> Bool {
        guard pipe(&fds) == 0 else { return false }
        for fd in fds { _ = fcntl(fd, F_SETFD, FD_CLOEXEC) }
        return true
    }

    private static func spawn(_ run: ProgramRunner.Run, input: [Int32], output: [Int32], errors: [Int32]) -> Result<
        SpawnedChild, SpawnError
    > {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        // dup2 clears close-on-exec on the child's 0, 1 and 2; every other descriptor of ours closes on exec.
        if run.stdin != nil {
            posix_spawn_file_actions_adddup2(&actions, input[0], 0)
        } else {
            posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        }
        posix_spawn_file_actions_adddup2(&actions, output[1], 1)
        posix_spawn_file_actions_adddup2(&actions, errors[1], 2)
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        posix_spawnattr_setflags(
            &attributes, Int16(POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))
        posix_spawnattr_setpgroup(&attributes, 0)
        var mask = sigset_t()
        sigemptyset(&mask)
        posix_spawnattr_setsigmask(&attributes, &mask)
        // Dispositions the server may have set to "ignore" (SIGPIPE) would otherwise pass to the child.
        var defaults = sigset_t()
        sigemptyset(&defaults)
        for signal in [SIGPIPE, SIGHUP, SIGINT, SIGQUIT, SIGTERM, SIGCHLD, SIGUSR1, SIGUSR2, SIGALRM] {
            sigaddset(&defaults, signal)
        }
        posix_spawnattr_setsigdefault(&attributes, &defaults)
        let argv = ([run.program] + run.arguments).map { strdup($0) } + [nil]
        let envp = run.environment.sorted { $0.key < $1.key }.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer {
            for pointer in argv { free(pointer) }
            for pointer in envp { free(pointer) }
        }
        var pid: pid_t = 0
        let status = posix_spawn(&pid, run.program, &actions, &attributes, argv, envp)
        for fd in [input[0], output[1], errors[1]] where fd >= 0 { _ = Glibc.close(fd) }
        guard status == 0 else {
            for fd in [input[1], output[0], errors[0]] where fd >= 0 { _ = Glibc.close(fd) }
            return .failure(SpawnError(number: status))
        }
        for fd in [input[1], output[0], errors[0]] where fd >= 0 {
            _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK)
        }
        return .success(SpawnedChild(pid: pid, stdin: input[1], stdout: output[0], stderr: errors[0]))
    }

    func closeStdin() { Self.close(&stdin) }
    func closeStdout() { Self.close(&stdout) }
    func closeStderr() { Self.close(&stderr) }

    func closeAll() {
        closeStdin()
        closeStdout()
        closeStderr()
    }

    private static func close(_ fd: inout Int32) {
        if fd >= 0 { _ = Glibc.close(fd) }
        fd = -1
    }

    /// Reaps the child if it has exited, then kills what it left in its process group.
    /// - Returns: How it ended, or `nil` while it runs.
    func reapIfExited() -> ProgramRunner.Termination? {
        var status: Int32 = 0
        let reaped = waitpid(pid, &status, WNOHANG)
        guard reaped == pid else { return nil }
        isReaped = true
        // The group's id stays reserved while any member lives (Linux frees a pid number only when
        // no process uses it as pid, group or session), so this cannot reach an unrelated group
        // unless the group is already empty and its id was reused within these microseconds.
        _ = kill(-pid, SIGKILL)
        return Self.termination(status)
    }

    /// SIGKILL to the child's whole process group, then waits for the child.
    func killGroupAndReap() {
        guard !isReaped else { return }
        _ = kill(-pid, SIGKILL)
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
        isReaped = true
    }

    // The W* macros of <sys/wait.h>, which Swift does not import.
    private static func termination(_ status: Int32) -> ProgramRunner.Termination {
        let signal = status & 0x7F
        return signal == 0 ? .exited((status >> 8) & 0xFF) : .signalled(signal)
    }

    deinit {
        closeAll()
        killGroupAndReap()
    }
}
