import Foundation

/// Tests write to child processes and sockets that may already be gone; that must be an error
/// to handle, not a SIGPIPE that kills the whole test run.
public enum BrokenPipes {
    /// Ignores SIGPIPE for this process (idempotent).
    public static let ignore: Void = {
        signal(SIGPIPE, SIG_IGN)
    }()
}
