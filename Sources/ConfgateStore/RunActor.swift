#if canImport(Glibc)
import Glibc
#endif

/// Who ran confgate, for the history's `created_by`, `deployed_by` and audit log: `--actor`, else
/// the CI's own record of who triggered the job, else the local user.
public enum RunActor {
    /// CI variables naming the person (or bot) a job runs for, in the order they are tried.
    static let ciVariables = [
        "GITHUB_ACTOR",  // GitHub Actions
        "GITLAB_USER_LOGIN",  // GitLab CI
        "BUILDKITE_BUILD_CREATOR",  // Buildkite
        "CIRCLE_USERNAME",  // CircleCI
        "BITBUCKET_STEP_TRIGGERER_UUID",  // Bitbucket Pipelines
        "BUILD_REQUESTEDFOR",  // Azure Pipelines
        "DRONE_COMMIT_AUTHOR",  // Drone
    ]

    public static func resolve(explicit: String?, environment: [String: String]) -> String {
        if let explicit, !explicit.isEmpty { return explicit }
        for name in ciVariables {
            if let value = environment[name], !value.isEmpty { return value }
        }
        for name in ["USER", "LOGNAME"] {
            if let value = environment[name], !value.isEmpty { return value }
        }
        if let entry = getpwuid(getuid()), let name = entry.pointee.pw_name { return String(cString: name) }
        return "uid \(getuid())"
    }
}
