import Dispatch
import Foundation
import JSON
import Synchronization
import Testing

@testable import Gateway

struct AccessLogTests {
    static let keys = [
        "time", "request_id", "trace_id", "method", "path", "route", "status", "duration_ms", "request_bytes",
        "response_bytes", "peer", "principal", "tenant", "code",
    ]

    @Test func writesOneJSONLineWithExactlyTheDocumentedKeysInOrder() throws {
        let output = Output()
        let log = AccessLog(sink: output.append)
        log.record(.make())
        log.flush()
        let lines = output.lines
        try #require(lines.count == 1)
        let line = lines[0]
        let object = try #require(try JSONValue.parse(line).objectValue)
        #expect(Set(object.keys) == Set(Self.keys))
        let positions = Self.keys.map { line.range(of: "\"\($0)\":")?.lowerBound }
        #expect(positions.allSatisfy { $0 != nil })
        #expect(zip(positions, positions.dropFirst()).allSatisfy { $0! < $1! })
        #expect(
            line == #"{"time":"2025-01-31T08:15:02.123Z","request_id":"req-1","#
                + #""trace_id":"4bf92f3577b34da6a3ce929d0e0e4736","method":"GET","path":"/api/runs/7","#
                + #""route":"/api/runs/{id}","status":200,"duration_ms":12.346,"request_bytes":0,"#
                + #""response_bytes":512,"peer":"10.0.0.7:51234","principal":"alice","tenant":"acme","code":null}"#)
    }

    @Test func writesNullForAnAnonymousRequestAndTheProblemCode() throws {
        let output = Output()
        let log = AccessLog(sink: output.append)
        log.record(.make(status: 404, principal: nil, tenant: nil, code: "gateway.not_found"))
        log.flush()
        let line = try #require(output.lines.first)
        let object = try #require(try JSONValue.parse(line).objectValue)
        #expect(object["principal"] == .null && object["tenant"] == .null)
        #expect(object["code"] == "gateway.not_found")
        #expect(object["status"] == 404)
    }

    @Test func neverWritesTheQueryStringOrTheAuthorizationHeader() throws {
        // What a handler sees: a request-target with secrets in the query, and a bearer token.
        let target = "/api/runs?token=s3cr3t-query&debug=1#frag"
        let authorization = "Bearer eyJhbGciOiJFZERTQSJ9.eyJzdWIiOiJhbGljZSJ9.c2lnbmF0dXJl"
        let output = Output()
        let log = AccessLog(sink: output.append)
        let entry = AccessLogEntry.make(path: target)
        #expect(entry.path == "/api/runs")
        log.record(entry)
        log.flush()
        let text = String(decoding: output.bytes, as: UTF8.self)
        for secret in ["s3cr3t", "token=", "?", "debug", "#frag", authorization, "Bearer", "eyJ", "Authorization"] {
            #expect(!text.contains(secret), "\(secret)")
        }
        // The entry cannot carry a header, body or query: these are all the fields it has.
        let fields = Mirror(reflecting: entry).children.compactMap(\.label)
        #expect(
            fields == [
                "time", "requestID", "traceID", "method", "path", "route", "status", "durationMilliseconds",
                "requestBytes", "responseBytes", "peer", "principal", "tenant", "code",
            ])
    }

    @Test func dropsLinesWhenTheQueueIsFullAndReportsHowManyOnTheNextLine() throws {
        let output = Output()
        let entered = DispatchSemaphore(value: 0)
        let release = DispatchSemaphore(value: 0)
        let isFirstCall = Mutex(true)
        let log = AccessLog(
            sink: { bytes in
                if isFirstCall.withLock({ $0 }) {
                    isFirstCall.withLock { $0 = false }
                    entered.signal()
                    release.wait()
                }
                output.append(bytes)
            }, capacity: 3)
        log.record(.make(requestID: "r0"))
        entered.wait()  // The writer holds r0 in the sink; the queue is empty.
        for index in 1...6 { log.record(.make(requestID: "r\(index)")) }
        #expect(log.droppedCount == 3)
        release.signal()
        log.flush()
        let objects = try output.lines.map { try #require(try JSONValue.parse($0).objectValue) }
        #expect(objects.map { $0["request_id"] } == ["r0", "r1", "r2", "r3"])
        #expect(objects.map { $0["dropped"] } == [nil, 3, nil, nil])
        #expect(Set(objects[1].keys) == Set(Self.keys + ["dropped"]))
        // Once reported, drops are not reported again.
        log.record(.make(requestID: "r7"))
        log.flush()
        let last = try #require(output.lines.last)
        #expect(try JSONValue.parse(last).objectValue?["dropped"] == nil)
        #expect(log.droppedCount == 3)
    }

    @Test func flushWaitsForEveryRecordedLine() {
        let output = Output()
        let log = AccessLog(
            sink: { bytes in
                usleep(1_000)  // A slow sink.
                output.append(bytes)
            }, capacity: 100_000)
        for index in 0..<5_000 { log.record(.make(requestID: "r\(index)")) }
        log.flush()
        #expect(output.lines.count == 5_000)
        #expect(log.droppedCount == 0)
        log.flush()  // Nothing pending: returns at once.
    }

    @Test func acceptsRecordsFromManyTasksAtOnce() async {
        let output = Output()
        let log = AccessLog(sink: output.append)
        await withTaskGroup(of: Void.self) { group in
            for task in 0..<8 {
                group.addTask { for index in 0..<500 { log.record(.make(requestID: "t\(task)-\(index)")) } }
            }
        }
        log.flush()
        #expect(Set(output.lines).count == 4_000)
    }

    @Test func formatsTimeAsRFC3339UTCWithMilliseconds() {
        #expect(AccessLogEntry.formatRFC3339(Date(timeIntervalSince1970: 0)) == "1970-01-01T00:00:00.000Z")
        #expect(
            AccessLogEntry.formatRFC3339(Date(timeIntervalSince1970: 1_738_311_302.1235)) == "2025-01-31T08:15:02.123Z")
        #expect(
            AccessLogEntry.formatRFC3339(Date(timeIntervalSince1970: 951_782_400.999_5)) == "2000-02-29T00:00:00.999Z")
        #expect(AccessLogEntry.formatRFC3339(Date(timeIntervalSince1970: -0.5)) == "1969-12-31T23:59:59.500Z")
    }

    @Test func roundsTheDurationToThreeDecimals() throws {
        for (milliseconds, written) in [(12.3456, "12.346"), (0.0004, "0"), (1500, "1500"), (0.25, "0.25")] {
            var bytes: [UInt8] = []
            AccessLogEntry.make(durationMilliseconds: milliseconds).appendLine(to: &bytes)
            #expect(String(decoding: bytes, as: UTF8.self).contains(#""duration_ms":\#(written),"#), "\(milliseconds)")
        }
    }

    @Test func writesEveryByteToADescriptorThatTakesThemInPieces() throws {
        var descriptors: [Int32] = [0, 0]
        try #require(pipe(&descriptors) == 0)
        let (readEnd, writeEnd) = (descriptors[0], descriptors[1])
        // Non-blocking: writes are partial and then fail with EAGAIN until the reader catches up.
        _ = fcntl(writeEnd, F_SETFL, fcntl(writeEnd, F_GETFL) | O_NONBLOCK)
        let payload = (0..<300_000).map { UInt8(truncatingIfNeeded: $0 &* 31) }
        let received = Output()
        let reader = Thread {
            var chunk = [UInt8](repeating: 0, count: 8_192)
            while true {
                let count = chunk.withUnsafeMutableBytes { read(readEnd, $0.baseAddress, $0.count) }
                if count <= 0 { break }
                received.append(Array(chunk[..<count]))
            }
        }
        reader.start()
        AccessLog.writeAll(payload, to: writeEnd)
        close(writeEnd)
        while received.bytes.count < payload.count { usleep(1_000) }
        close(readEnd)
        #expect(received.bytes == payload)
    }
}

/// Collects what a sink receives.
private final class Output: Sendable {
    private let storage = Mutex<[UInt8]>([])

    var bytes: [UInt8] { storage.withLock { $0 } }

    var lines: [String] {
        String(decoding: bytes, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: true).map(String.init)
    }

    @Sendable func append(_ bytes: [UInt8]) { storage.withLock { $0 += bytes } }
}

extension AccessLogEntry {
    fileprivate static func make(
        requestID: String = "req-1", path: String = "/api/runs/7", status: Int = 200,
        durationMilliseconds: Double = 12.3456, principal: String? = "alice", tenant: String? = "acme",
        code: String? = nil
    ) -> AccessLogEntry {
        AccessLogEntry(
            time: Date(timeIntervalSince1970: 1_738_311_302.1235), requestID: requestID,
            traceID: "4bf92f3577b34da6a3ce929d0e0e4736", method: "GET", path: path, route: "/api/runs/{id}",
            status: status, durationMilliseconds: durationMilliseconds, requestBytes: 0, responseBytes: 512,
            peer: "10.0.0.7:51234", principal: principal, tenant: tenant, code: code)
    }
}
