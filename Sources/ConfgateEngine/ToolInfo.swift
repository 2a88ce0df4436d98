/// confgate's identity, for reports.
public enum ToolInfo {
    public static let name = "confgate"
    public static let version = "0.1.0"
    public static let informationURI = "https://github.com/confgate/confgate"
}
