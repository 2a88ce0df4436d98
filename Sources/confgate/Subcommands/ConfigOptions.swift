import ArgumentParser
import ConfgateDocument
import ConfgateEngine

/// Options shared by the subcommands that read the project configuration.
struct ConfigOptions: ParsableArguments {
    @Option(name: .long, help: "The project configuration file (default: .confgate.yaml here or in a parent directory).")
    var config: String?

    /// Loads the configuration, or the defaults when there is none. Exits 2 on a configuration error.
    func load(workingDirectory: String) throws -> ProjectConfig {
        let path: String?
        if let config {
            path = config
        } else {
            path = ProjectConfig.find(from: workingDirectory)
        }
        guard let path else { return ProjectConfig(root: workingDirectory) }
        let display = FilePath.relative(FilePath.absolute(path, from: workingDirectory), to: workingDirectory) ?? path
        do {
            return try ProjectConfig.load(path: FilePath.absolute(path, from: workingDirectory), displayName: display)
        } catch {
            Output.stderr("confgate: \(error.description)\n")
            throw ExitCode(ExitStatus.usage)
        }
    }
}
