import Foundation

/// Runs blocking work (a socket read, waiting for a child) on a thread of its own and awaits it.
///
/// Not on Dispatch's global queue: on Linux it grows past one thread per core only slowly (about
/// one new thread every two seconds once every thread is blocked), so eight concurrent blocking
/// reads there took up to seven seconds.
public enum BlockingThread {
    public static func run<T: Sendable>(_ body: @escaping @Sendable () -> T) async -> T {
        await withCheckedContinuation { continuation in
            let thread = Thread { continuation.resume(returning: body()) }
            thread.stackSize = 512 * 1024
            thread.start()
        }
    }
}
