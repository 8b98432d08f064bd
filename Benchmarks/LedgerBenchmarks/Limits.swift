import Cryptography
import Foundation
import Ledger

/// The machine's limits that bound the ledger, measured the same way every run so the ledger's
/// figures can be read as ratios to them:
/// - `fdatasync` of one ~150-byte record appended to a file (what a batch of one pays);
/// - 256 such records per `fdatasync` (the ceiling of group commit in records/s);
/// - the checkpoint's durable replace: write a temporary file, `fdatasync`, `rename`;
/// - a partial tile's write: a new temporary file renamed into place, no sync;
/// - SHA-256 of 65 bytes (a tree node) over a reused context, and with a new context per hash;
/// - Ed25519 signatures, raw and as a signed checkpoint note.
func measureLimits(base: String) {
    let directory = makeTemporaryDirectory(under: base)
    defer { removeDirectory(directory) }

    let fd = open(directory + "/journal", O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
    precondition(fd >= 0, "cannot open a file in `\(directory)`")
    defer { close(fd) }
    var offset: off_t = 0
    func appendAndSync(_ bytes: [UInt8]) {
        let written = bytes.withUnsafeBytes { pwrite(fd, $0.baseAddress, $0.count, offset) }
        precondition(written == bytes.count && fdatasync(fd) == 0, "write or sync failed")
        offset += off_t(bytes.count)
    }
    let record = [UInt8](repeating: 0x61, count: 150)
    for _ in 0..<50 { appendAndSync(record) }
    var syncs: [UInt64] = []
    for _ in 0..<2_000 {
        let start = nanoseconds()
        appendAndSync(record)
        syncs.append(nanoseconds() - start)
    }
    let single = Samples(syncs)
    report(
        "limits",
        [
            "limit": .string("fdatasync"), "record_bytes": .int(record.count), "syncs": .int(single.count),
            "median_us": us(single.median), "p99_us": us(single.p99),
            "records_per_second": .number(1e9 / single.mean, digits: 0),
        ])

    let batch = [UInt8](repeating: 0x62, count: 150 * 256)
    var batchSyncs: [UInt64] = []
    let batchStart = nanoseconds()
    for _ in 0..<500 {
        let start = nanoseconds()
        appendAndSync(batch)
        batchSyncs.append(nanoseconds() - start)
    }
    let batchSeconds = seconds(since: batchStart)
    let grouped = Samples(batchSyncs)
    report(
        "limits",
        [
            "limit": .string("fdatasync_256_records"), "record_bytes": .int(150), "syncs": .int(grouped.count),
            "median_us": us(grouped.median), "p99_us": us(grouped.p99),
            "records_per_second": .number(Double(500 * 256) / batchSeconds, digits: 0),
        ])

    // What `FileIO.replace(durable: true)` does for each checkpoint.
    let note = [UInt8](repeating: 0x63, count: 200)
    var replaces: [UInt64] = []
    for _ in 0..<1_000 {
        let start = nanoseconds()
        let temporary = open(directory + "/checkpoint.tmp", O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        let written = note.withUnsafeBytes { pwrite(temporary, $0.baseAddress, $0.count, 0) }
        precondition(temporary >= 0 && written == note.count && fdatasync(temporary) == 0, "replace failed")
        close(temporary)
        precondition(rename(directory + "/checkpoint.tmp", directory + "/checkpoint") == 0, "rename failed")
        replaces.append(nanoseconds() - start)
    }
    let replace = Samples(replaces)
    report(
        "limits",
        [
            "limit": .string("durable_replace"), "record_bytes": .int(note.count), "syncs": .int(replace.count),
            "median_us": us(replace.median), "p99_us": us(replace.p99),
        ])

    // What each partial tile costs the writer: a new temporary file, renamed into place, not
    // synced; as in the ledger, the names are removed again 256 files later.
    let tile = [UInt8](repeating: 0x64, count: 4096)
    var creates: [UInt64] = []
    for round in 0..<8 {
        let folder = directory + "/tile\(round)"
        precondition(mkdir(folder, 0o755) == 0, "cannot create `\(folder)`")
        for width in 1..<256 {
            let start = nanoseconds()
            let temporary = open(folder + "/tmp", O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
            let written = tile.withUnsafeBytes { pwrite(temporary, $0.baseAddress, $0.count, 0) }
            precondition(temporary >= 0 && written == tile.count, "write failed")
            close(temporary)
            precondition(rename(folder + "/tmp", folder + "/\(width)") == 0, "rename failed")
            creates.append(nanoseconds() - start)
        }
        for width in 1..<256 { unlink(folder + "/\(width)") }
    }
    let create = Samples(creates)
    report(
        "limits",
        [
            "limit": .string("create_rename"), "record_bytes": .int(tile.count), "files": .int(create.count),
            "median_us": us(create.median), "p99_us": us(create.p99), "mean_us": us(create.mean),
        ])

    // SHA-256 of 65 bytes (0x01 ‖ left ‖ right), each hash feeding the next.
    let reused = 4_000_000
    var hasher = TreeHasher()
    var hash = TreeHasher.emptyRoot
    var start = nanoseconds()
    for _ in 0..<reused { hash = hasher.nodeHash(hash, hash) }
    let reusedSeconds = seconds(since: start)
    let fresh = 500_000
    start = nanoseconds()
    for _ in 0..<fresh { hash = TreeHasher.nodeHash(hash, hash) }
    let freshSeconds = seconds(since: start)
    report(
        "limits",
        [
            "limit": .string("sha256_65_bytes"), "hashes": .int(reused),
            "reused_context_per_second": .number(Double(reused) / reusedSeconds, digits: 0),
            "new_context_per_second": .number(Double(fresh) / freshSeconds, digits: 0),
            "reused_ns": .number(reusedSeconds * 1e9 / Double(reused), digits: 1),
            "new_context_ns": .number(freshSeconds * 1e9 / Double(fresh), digits: 1),
            "check": .string(String(hash.hex.prefix(8))),
        ])

    // Ed25519: a raw signature over a checkpoint-sized body, and a whole signed checkpoint note.
    let key = try! Ed25519.PrivateKey.generate()
    let signer = try! NoteSigner(name: "maestro.local/ledger", privateKey: key)
    let checkpoint = Checkpoint(origin: signer.name, treeSize: 1_000_000, rootHash: hash)
    let body = Array(checkpoint.body.utf8)
    let signatures = 4_000
    start = nanoseconds()
    for _ in 0..<signatures { _ = try! key.signature(for: body) }
    let signSeconds = seconds(since: start)
    start = nanoseconds()
    for _ in 0..<signatures { _ = try! checkpoint.signed(by: signer) }
    let noteSeconds = seconds(since: start)
    report(
        "limits",
        [
            "limit": .string("ed25519_sign"), "message_bytes": .int(body.count),
            "signatures_per_second": .number(Double(signatures) / signSeconds, digits: 0),
            "sign_us": .number(signSeconds * 1e6 / Double(signatures), digits: 1),
            "signed_checkpoint_us": .number(noteSeconds * 1e6 / Double(signatures), digits: 1),
        ])
}

/// The disk just before a case, since its sync latency moves by 100× on this shared machine:
/// the median of up to 200 `fdatasync`s of a 150-byte append (stopping after 0.5 s), and of 64
/// new files written and renamed into place.
struct DiskProbe {
    var fdatasyncNanoseconds: UInt64
    var createNanoseconds: UInt64
}

func probeDisk(under base: String) -> DiskProbe {
    let directory = makeTemporaryDirectory(under: base)
    defer { removeDirectory(directory) }
    let fd = open(directory + "/journal", O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
    precondition(fd >= 0, "cannot open a file in `\(directory)`")
    defer { close(fd) }
    let record = [UInt8](repeating: 0x61, count: 150)
    var syncs: [UInt64] = []
    let deadline = nanoseconds() + 500_000_000
    while syncs.count < 200 && nanoseconds() < deadline {
        let start = nanoseconds()
        let written = record.withUnsafeBytes { pwrite(fd, $0.baseAddress, $0.count, off_t(syncs.count * 150)) }
        precondition(written == record.count && fdatasync(fd) == 0, "write or sync failed")
        syncs.append(nanoseconds() - start)
    }
    var creates: [UInt64] = []
    for index in 0..<64 {
        let start = nanoseconds()
        let temporary = open(directory + "/tmp", O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        let written = record.withUnsafeBytes { pwrite(temporary, $0.baseAddress, $0.count, 0) }
        precondition(temporary >= 0 && written == record.count, "write failed")
        close(temporary)
        precondition(rename(directory + "/tmp", directory + "/\(index)") == 0, "rename failed")
        creates.append(nanoseconds() - start)
    }
    return DiskProbe(fdatasyncNanoseconds: Samples(syncs).median, createNanoseconds: Samples(creates).median)
}
