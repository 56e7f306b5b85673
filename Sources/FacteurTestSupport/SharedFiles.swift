import Foundation

/// Locations of the project's files and of `../shared` (specs, conformance material, schemas), for
/// tests and benchmarks. Tests read the shared material in place; nothing is copied.
public enum SharedFiles {
    /// The package root: the folder holding `Package.swift`.
    public static let packageRoot: URL = {
        var url = URL(fileURLWithPath: #filePath)
        while url.path != "/" {
            url.deleteLastPathComponent()
            if FileManager.default.fileExists(atPath: url.appendingPathComponent("Package.swift").path) {
                return url
            }
        }
        fatalError("Package.swift not found above \(#filePath)")
    }()

    /// `../shared` beside the package, or `$FACTEUR_SHARED` when set.
    public static let root: URL = {
        if let path = ProcessInfo.processInfo.environment["FACTEUR_SHARED"], !path.isEmpty {
            return URL(fileURLWithPath: path)
        }
        return packageRoot.deletingLastPathComponent().appendingPathComponent("shared")
    }()

    public static let en16931 = root.appendingPathComponent("conformance/en16931")

    /// The French rule cases (BR-FR v1.4.0) with their official verdicts, EN 16931 and BR-FR.
    public static let fr = root.appendingPathComponent("conformance/fr")

    /// Every official example and test file (`examples/ubl`, `examples/cii`, `examples/testfiles`),
    /// sorted by path.
    public static func en16931Examples() throws -> [URL] {
        var files: [URL] = []
        for folder in ["ubl", "cii", "testfiles"] {
            let directory = en16931.appendingPathComponent("examples").appendingPathComponent(folder)
            for name in try FileManager.default.contentsOfDirectory(atPath: directory.path)
            where name.lowercased().hasSuffix(".xml") {
                files.append(directory.appendingPathComponent(name))
            }
        }
        return files.sorted { $0.path < $1.path }
    }

    /// The built `facteur` executable, beside the running test binary.
    public static var facteurExecutable: URL {
        let me = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
        var folder = me.deletingLastPathComponent()
        for _ in 0..<4 {
            let candidate = folder.appendingPathComponent("facteur")
            if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
            folder.deleteLastPathComponent()
        }
        return me.deletingLastPathComponent().appendingPathComponent("facteur")
    }

    /// A fresh temporary folder, removed by the caller (or left in /tmp on failure for inspection).
    public static func temporaryDirectory(_ label: String = "facteur-test") throws -> URL {
        let url = FileManager.default.temporaryDirectory
            .appendingPathComponent("\(label)-\(ProcessInfo.processInfo.processIdentifier)-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }
}
