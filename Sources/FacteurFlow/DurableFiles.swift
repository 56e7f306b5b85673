import CFacteurLinux
import Glibc

/// An error of the file system, with the path and what was being done: the engine stops the group
/// it was writing (its outputs stay owed) and says why.
public struct FileError: Error, Sendable, CustomStringConvertible {
    public var path: String
    public var doing: String
    public var code: Int32

    public var description: String {
        "cannot \(doing) '\(path)': \(String(cString: strerror(code)))"
    }

    /// Whether the cause may go away by itself (a full disk, a quota): the work waits and retries.
    public var isSpaceShortage: Bool { code == ENOSPC || code == EDQUOT }
}

/// Writes a group of files the way the flow contract demands: each to a temporary name in its
/// destination folder (`.<name>.tmp`, a name readers of the folder ignore), then one flush of the
/// whole file system for the group, then each rename, then a flush of every folder touched. A
/// group of a thousand files costs two flushes, not a thousand. Files moved within the root (the
/// archive) are made durable by the same flush of the file system.
///
/// The temporary name is fixed by the final name: writing the same output again after a crash
/// replaces the half-written temporary file instead of leaving it behind.
struct DurableFiles {
    let root: String
    private var staged: [(temporary: String, final: String)] = []
    /// Whether files were moved (renamed) since the last commit: the commit's flush makes it durable.
    private var moved = false
    private var folders: Set<String> = []
    /// Folders known to exist (created or seen), so that each is made once per run.
    private var existing: Set<String> = []

    init(root: String) {
        self.root = root
    }

    var isEmpty: Bool { staged.isEmpty && !moved }

    /// Moves the file at `source` to `path` (both relative to the root), made durable by the next
    /// commit. A file already at `path` with none at `source` was moved before an interruption.
    mutating func move(_ source: String, to path: String) throws {
        let final = root + "/" + path
        try makeFolder(FileTree.folder(of: final))
        if rename(root + "/" + source, final) != 0 {
            let code = errno
            guard code == ENOENT, access(final, F_OK) == 0 else { throw FileError(path: root + "/" + source, doing: "move", code: code) }
        }
        moved = true
    }

    /// Writes `bytes` to the temporary name of `path` (relative to the root).
    mutating func stage(_ path: String, _ bytes: UnsafeRawBufferPointer) throws {
        let (temporary, final) = try prepare(path)
        let fd = open(temporary, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOFOLLOW, 0o644)
        guard fd >= 0 else { throw FileError(path: temporary, doing: "create", code: errno) }
        defer { close(fd) }
        try Self.writeAll(fd, bytes, path: temporary)
        staged.append((temporary, final))
    }

    mutating func stage(_ path: String, _ bytes: [UInt8]) throws {
        try bytes.withUnsafeBytes { try stage(path, $0) }
    }

    /// Copies the file at `source` (relative to the root) to the temporary name of `path`.
    mutating func stageCopy(_ path: String, from source: String) throws {
        let sourcePath = root + "/" + source
        let input = open(sourcePath, O_RDONLY | O_CLOEXEC | O_NOFOLLOW)
        guard input >= 0 else { throw FileError(path: sourcePath, doing: "open", code: errno) }
        defer { close(input) }
        let (temporary, final) = try prepare(path)
        let output = open(temporary, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOFOLLOW, 0o644)
        guard output >= 0 else { throw FileError(path: temporary, doing: "create", code: errno) }
        defer { close(output) }
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: 1 << 16, alignment: 16)
        defer { buffer.deallocate() }
        while true {
            let n = read(input, buffer.baseAddress, buffer.count)
            if n < 0 {
                if errno == EINTR { continue }
                throw FileError(path: sourcePath, doing: "read", code: errno)
            }
            if n == 0 { break }
            try Self.writeAll(output, UnsafeRawBufferPointer(rebasing: buffer[0..<n]), path: temporary)
        }
        staged.append((temporary, final))
    }

    /// Makes every staged file durable under its final name.
    mutating func commit() throws {
        guard !isEmpty else { return }
        try Self.flushFileSystem(root)
        moved = false
        for (temporary, final) in staged {
            guard rename(temporary, final) == 0 else { throw FileError(path: final, doing: "rename into", code: errno) }
        }
        staged.removeAll(keepingCapacity: true)
        for folder in folders.sorted() { try Self.flushFolder(folder) }
        folders.removeAll(keepingCapacity: true)
    }

    /// Forgets what was staged and moved, after a failure: it will all be written again. The
    /// folders are looked at again too: the failure may have been one of them.
    mutating func discard() {
        staged.removeAll()
        moved = false
        existing.removeAll()
    }

    /// The absolute temporary and final names of `path`; its folder made if needed.
    private mutating func prepare(_ path: String) throws -> (String, String) {
        let final = root + "/" + path
        let slash = final.lastIndex(of: "/")!
        let folder = String(final[..<slash])
        let temporary = folder + "/." + final[final.index(after: slash)...] + ".tmp"
        try makeFolder(folder)
        folders.insert(folder)
        return (temporary, final)
    }

    /// Makes `folder` and its missing parents; a folder made is flushed with the group (its parent
    /// is added to the folders to flush).
    mutating func makeFolder(_ folder: String) throws {
        if existing.contains(folder) { return }
        try FileTree.makeFolders(folder) { folders.insert(FileTree.folder(of: $0)) }
        existing.insert(folder)
    }

    static func writeAll(_ fd: Int32, _ bytes: UnsafeRawBufferPointer, path: String) throws {
        var offset = 0
        while offset < bytes.count {
            let n = write(fd, bytes.baseAddress! + offset, bytes.count - offset)
            if n < 0 {
                if errno == EINTR { continue }
                throw FileError(path: path, doing: "write", code: errno)
            }
            offset += n
        }
    }

    /// One flush of the file system that holds `path` (syncfs).
    static func flushFileSystem(_ path: String) throws {
        let fd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard fd >= 0 else { throw FileError(path: path, doing: "open", code: errno) }
        defer { close(fd) }
        guard facteur_syncfs(fd) == 0 else { throw FileError(path: path, doing: "flush the file system of", code: errno) }
    }

    /// Flushes a folder's entries (a rename or a new file in it).
    static func flushFolder(_ folder: String) throws {
        let fd = open(folder, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard fd >= 0 else { throw FileError(path: folder, doing: "open", code: errno) }
        defer { close(fd) }
        guard fsync(fd) == 0 else { throw FileError(path: folder, doing: "flush the folder", code: errno) }
    }
}
