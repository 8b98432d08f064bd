import Glibc

/// Runs a program with `posix_spawn` (no shell, no `PATH` search), feeds it standard input,
/// captures its standard output and error up to a limit, and kills it at the deadline.
///
/// Blocking: call it on a ``DedicatedThread``. The child runs in a process group of its own with
/// default signal handling and an empty signal mask, sees only the descriptors 0, 1 and 2, and
/// only the environment it is given. On timeout or cancellation the whole group gets SIGKILL;
/// when the program exits, whatever it left running in its group is killed too, so that a
/// background process holding the pipes cannot stall the step.
enum ProgramRunner {
    struct Run: Sendable {
        var program: String
        var arguments: [String]
        var environment: [String: String]
        var stdin: [UInt8]?
        var captureLimit: Int
    }

    enum Termination: Sendable, Equatable {
        case exited(Int32)
        case signalled(Int32)
        case stopped(BlockingContext.Stop)
        /// `posix_spawn` failed with this `errno`.
        case spawnFailed(Int32)
    }

    struct Result: Sendable {
        var termination: Termination
        var stdout: CapturedOutput
        var stderr: CapturedOutput
    }

    static func run(_ run: Run, context: BlockingContext) -> Result {
        var result = Result(
            termination: .spawnFailed(0), stdout: CapturedOutput(limit: run.captureLimit),
            stderr: CapturedOutput(limit: run.captureLimit))
        // A write to a stdin the child closed must fail with EPIPE, not kill the server. The signal
        // is blocked on this thread only, which ends with the run; the child gets an empty mask.
        var pipeSignal = sigset_t()
        sigemptyset(&pipeSignal)
        sigaddset(&pipeSignal, SIGPIPE)
        pthread_sigmask(SIG_BLOCK, &pipeSignal, nil)
        let child: SpawnedChild
        switch SpawnedChild.spawn(run) {
        case .success(let spawned): child = spawned
        case .failure(let error):
            result.termination = .spawnFailed(error.number)
            return result
        }
        defer { child.closeAll() }
        var stdinOffset = 0
        var exit: Termination?
        // After the exit, what is left in the pipes is read until end of file or this grace ends:
        // a descriptor some other process inherited must not hold the step until its deadline.
        var drainDeadline = context.deadline
        while true {
            if exit == nil, let stop = context.stop {
                result.termination = .stopped(stop)
                child.killGroupAndReap()
                return result
            }
            if exit != nil, ContinuousClock.now >= drainDeadline || (child.stdout < 0 && child.stderr < 0) { break }
            var fds: [pollfd] = []
            if child.stdout >= 0 { fds.append(pollfd(fd: child.stdout, events: Int16(POLLIN), revents: 0)) }
            if child.stderr >= 0 { fds.append(pollfd(fd: child.stderr, events: Int16(POLLIN), revents: 0)) }
            if child.stdin >= 0 { fds.append(pollfd(fd: child.stdin, events: Int16(POLLOUT), revents: 0)) }
            _ = poll(&fds, nfds_t(fds.count), context.nextWait(slice: 20))
            for entry in fds where entry.revents != 0 {
                if entry.fd == child.stdout {
                    if !drain(entry.fd, into: &result.stdout) { child.closeStdout() }
                } else if entry.fd == child.stderr {
                    if !drain(entry.fd, into: &result.stderr) { child.closeStderr() }
                } else if let input = run.stdin {
                    if !feed(input, offset: &stdinOffset, to: entry.fd) { child.closeStdin() }
                }
            }
            if exit == nil, let ended = child.reapIfExited() {
                exit = ended
                drainDeadline = min(context.deadline, .now + .milliseconds(200))
            }
        }
        if let exit { result.termination = exit }
        return result
    }

    /// Reads what is available; `false` at end of file (or on an error, which ends the stream too).
    private static func drain(_ fd: Int32, into output: inout CapturedOutput) -> Bool {
        var buffer = [UInt8](repeating: 0, count: 16 << 10)
        while true {
            let count = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            if count > 0 {
                output.append(buffer[0..<count])
                continue
            }
            if count < 0 && (errno == EAGAIN || errno == EINTR) { return true }
            return false
        }
    }

    /// Writes what the pipe takes; `false` once everything is written or the child stopped reading.
    private static func feed(_ input: [UInt8], offset: inout Int, to fd: Int32) -> Bool {
        while offset < input.count {
            let count = input[offset...].withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
            if count > 0 {
                offset += count
                continue
            }
            if count < 0 && (errno == EAGAIN || errno == EINTR) { return true }
            return false
        }
        return false
    }
}
