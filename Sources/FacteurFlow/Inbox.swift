import CFacteurLinux
import Glibc

/// What a look at `inbox/<channel>/` finds: the files that may become flows, and what must be moved
/// aside unopened (links, devices, sockets, FIFOs, folders deeper than `<channel>/<connection>/`,
/// connection folders with a name the contract does not allow, names that are not UTF-8).
struct InboxScan {
    struct File: Hashable {
        var channel: String
        var connection: String
        var name: String
        /// Relative to the root.
        var path: String
        var size: Int64
        var modified: Int64
        var modifiedNanoseconds: Int
        var inode: UInt64

        /// What two polls compare: a file is ready when this has not changed.
        var signature: [Int64] { [size, modified, Int64(modifiedNanoseconds), Int64(bitPattern: inode)] }
    }

    struct Stray {
        var channel: String
        /// Relative to the root, as raw bytes (the name may not be UTF-8).
        var path: [CChar]
        var display: String
        var kind: String
    }

    var files: [File] = []
    var strays: [Stray] = []

    /// Adds the findings of another look (another channel), after these.
    mutating func append(_ other: InboxScan) {
        files += other.files
        strays += other.strays
    }

    /// A connection's name: `[A-Za-z0-9._-]{1,64}` (flows.md).
    static func isConnectionName(_ name: String) -> Bool {
        guard (1...64).contains(name.utf8.count), name != ".", name != ".." else { return false }
        return name.utf8.allSatisfy { byte in
            (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A)
                || byte == UInt8(ascii: ".") || byte == UInt8(ascii: "_") || byte == UInt8(ascii: "-")
        }
    }

    /// Names a writer uses while it writes (ignored until renamed).
    static func isInProgress(_ name: String) -> Bool {
        name.hasPrefix(".") || name.hasSuffix(".tmp") || name.hasSuffix(".part") || name.hasSuffix(".filepart")
            || name.hasSuffix(".crdownload")
    }

    /// Looks at `inbox/<channel>/` under `root`, in the order flows are taken: connection, then name
    /// (byte order). A file directly in the channel folder belongs to the connection `default`.
    static func scan(root: String, channel: String) -> InboxScan {
        var scan = InboxScan()
        scan.look(root: root, channel: channel, folder: "inbox/\(channel)", connection: nil)
        scan.files.sort { ($0.connection, $0.name) < ($1.connection, $1.name) }
        return scan
    }

    /// Takes the entries of `folder`: the channel folder (`connection` nil: its files belong to
    /// `default`, its folders are connections) or a connection's folder (whose folders are strays).
    private mutating func look(root: String, channel: String, folder: String, connection: String?) {
        for entry in Self.entries(of: root + "/" + folder) {
            guard let name = entry.name else {
                strays.append(Stray(channel: channel, path: Self.bytes(folder + "/") + entry.raw, display: entry.display, kind: "name not UTF-8"))
                continue
            }
            if Self.isInProgress(name) { continue }
            let path = folder + "/" + name
            switch entry.kind {
            case .regular:
                files.append(File(channel: channel, connection: connection ?? "default", name: name, path: path, size: entry.size,
                                  modified: entry.modified, modifiedNanoseconds: entry.modifiedNanoseconds, inode: entry.inode))
            case .folder where connection == nil:
                guard Self.isConnectionName(name) else {
                    strays.append(Stray(channel: channel, path: Self.bytes(path), display: path,
                                        kind: "connection folder name not allowed (expected [A-Za-z0-9._-]{1,64})"))
                    continue
                }
                look(root: root, channel: channel, folder: path, connection: name)
            default:
                strays.append(Stray(channel: channel, path: Self.bytes(path), display: path, kind: entry.kind.description))
            }
        }
    }

    private static func bytes(_ text: String) -> [CChar] {
        text.utf8.map { CChar(bitPattern: $0) }
    }

    enum Kind: CustomStringConvertible {
        case regular, folder, link, fifo, socket, device, other

        var description: String {
            switch self {
            case .regular: return "regular file"
            case .folder: return "folder deeper than <channel>/<connection>/"
            case .link: return "symbolic link"
            case .fifo: return "FIFO"
            case .socket: return "socket"
            case .device: return "device"
            case .other: return "not a regular file"
            }
        }
    }

    struct Entry {
        /// The name's bytes, without the terminating NUL.
        var raw: [CChar]
        /// The name, when it is UTF-8.
        var name: String?
        var display: String
        var kind: Kind
        var size: Int64
        var modified: Int64
        var modifiedNanoseconds: Int
        var inode: UInt64
    }

    /// The entries of a folder (not `.` and `..`), each looked at without following links. A folder
    /// that cannot be read gives none.
    static func entries(of folder: String) -> [Entry] {
        guard let dir = opendir(folder) else { return [] }
        defer { closedir(dir) }
        let fd = dirfd(dir)
        var entries: [Entry] = []
        while let entry = readdir(dir) {
            let raw: [CChar] = withUnsafeBytes(of: entry.pointee.d_name) { buffer in
                let bytes = buffer.bindMemory(to: CChar.self)
                return Array(bytes.prefix { $0 != 0 })
            }
            if raw == [46] || raw == [46, 46] { continue }
            var info = stat()
            let looked = (raw + [0]).withUnsafeBufferPointer { fstatat(fd, $0.baseAddress!, &info, AT_SYMLINK_NOFOLLOW) }
            guard looked == 0 else { continue }
            let kind: Kind
            switch info.st_mode & S_IFMT {
            case S_IFREG: kind = .regular
            case S_IFDIR: kind = .folder
            case S_IFLNK: kind = .link
            case S_IFIFO: kind = .fifo
            case S_IFSOCK: kind = .socket
            case S_IFCHR, S_IFBLK: kind = .device
            default: kind = .other
            }
            let name = String(validating: raw.map { UInt8(bitPattern: $0) }, as: UTF8.self)
            entries.append(Entry(raw: raw, name: name, display: name ?? String(decoding: raw.map { UInt8(bitPattern: $0) }, as: UTF8.self),
                                 kind: kind, size: Int64(info.st_size), modified: Int64(info.st_mtim.tv_sec),
                                 modifiedNanoseconds: Int(info.st_mtim.tv_nsec), inode: UInt64(info.st_ino)))
        }
        return entries
    }
}

/// Wakes a waiting daemon when a file arrives in the inbox (inotify on `inbox/<channel>/` and its
/// connection folders), so that it looks at once instead of at the end of its interval. Polling
/// stays the safety net: a folder made while nobody watched, a file system inotify does not see
/// (NFS), a full watch table, are all caught by the next look.
public final class InboxWatch {
    private let root: String
    private let fd: Int32

    /// Nil when inotify cannot be had (a limit reached): the daemon polls only.
    public init?(root: String) {
        fd = facteur_watch_open()
        guard fd >= 0 else { return nil }
        self.root = root
    }

    deinit { close(fd) }

    /// Waits up to `seconds` for a file event (after watching the inbox folders as they are now).
    /// Returns 1 when woken by an event, 0 when the time passed, -1 when a stop or a reload was asked.
    public func wait(seconds: Double) -> Int32 {
        for channel in ["emitter", "receiver"] {
            let folder = root + "/inbox/" + channel
            guard facteur_watch_add(fd, folder) >= 0 else { continue }
            for connection in FileTree.folders(in: folder) { _ = facteur_watch_add(fd, folder + "/" + connection) }
        }
        return facteur_wait(fd, Int32(max(0, seconds * 1000).rounded(.up)))
    }
}
