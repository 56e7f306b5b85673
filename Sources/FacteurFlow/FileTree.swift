import FacteurXML
import Glibc

/// Whole folders: the files under one, copies, removal. For replays and tests, not for the inbox
/// (which is looked at with `InboxScan`, never followed into links).
public enum FileTree {
    /// The regular files under `folder`, as paths relative to it, in byte order; links are not followed.
    public static func files(under folder: String) -> [String] {
        var found: [String] = []
        collect(folder, prefix: "", into: &found)
        return found.sorted()
    }

    private static func collect(_ folder: String, prefix: String, into found: inout [String]) {
        for entry in InboxScan.entries(of: folder) {
            guard let name = entry.name else { continue }
            switch entry.kind {
            case .regular: found.append(prefix + name)
            case .folder: collect(folder + "/" + name, prefix: prefix + name + "/", into: &found)
            default: continue
            }
        }
    }

    /// The sub-folders directly under `folder`, by name.
    public static func folders(in folder: String) -> [String] {
        InboxScan.entries(of: folder).filter { $0.kind == .folder }.compactMap(\.name).sorted()
    }

    /// The folder holding `path`: `.` for a bare name, `/` for a name at the top.
    public static func folder(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "." }
        return slash == path.startIndex ? "/" : String(path[..<slash])
    }

    public static func isFolder(_ path: String) -> Bool {
        var info = stat()
        return stat(path, &info) == 0 && (info.st_mode & S_IFMT) == S_IFDIR
    }

    /// Writes `bytes` to `path` (its folders made), replacing any file there.
    public static func write(_ bytes: [UInt8], to path: String) throws {
        try makeFolders(FileTree.folder(of: path))
        let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw FileError(path: path, doing: "create", code: errno) }
        defer { close(fd) }
        try bytes.withUnsafeBytes { try DurableFiles.writeAll(fd, $0, path: path) }
    }

    /// Makes `folder` and its missing parents; `made` is called with each folder made.
    /// Something other than a folder in the way is an error (`ENOTDIR`).
    public static func makeFolders(_ folder: String, made: (String) -> Void = { _ in }) throws {
        if mkdir(folder, 0o755) == 0 { return made(folder) }
        if errno == EEXIST { return try mustBeFolder(folder) }
        guard errno == ENOENT else { throw FileError(path: folder, doing: "create the folder", code: errno) }
        try makeFolders(FileTree.folder(of: folder), made: made)
        if mkdir(folder, 0o755) == 0 { return made(folder) }
        guard errno == EEXIST else { throw FileError(path: folder, doing: "create the folder", code: errno) }
        try mustBeFolder(folder)
    }

    private static func mustBeFolder(_ path: String) throws {
        guard isFolder(path) else { throw FileError(path: path, doing: "create the folder (a file is in the way)", code: ENOTDIR) }
    }

    /// Copies every file under `source` to the same place under `target`.
    public static func copy(_ source: String, to target: String) throws {
        for file in files(under: source) {
            try write(try InputFile.read(source + "/" + file, maxBytes: Int.max), to: target + "/" + file)
        }
    }

    /// Removes `path` and everything under it; links are removed, not followed.
    public static func remove(_ path: String) {
        var info = stat()
        guard lstat(path, &info) == 0 else { return }
        if (info.st_mode & S_IFMT) == S_IFDIR {
            for entry in InboxScan.entries(of: path) {
                let name = String(decoding: entry.raw.map { UInt8(bitPattern: $0) }, as: UTF8.self)
                remove(path + "/" + name)
            }
            rmdir(path)
        } else {
            unlink(path)
        }
    }

    /// A new empty folder under the temporary folder (`$TMPDIR`, else `/tmp`).
    public static func temporaryFolder(_ prefix: String) throws -> String {
        let base = getenv("TMPDIR").map { String(cString: $0) } ?? "/tmp"
        var template = Array((base + "/\(prefix)-XXXXXX").utf8CString)
        guard let made = template.withUnsafeMutableBufferPointer({ mkdtemp($0.baseAddress!) }) else {
            throw FileError(path: base, doing: "make a temporary folder in", code: errno)
        }
        return String(cString: made)
    }
}
