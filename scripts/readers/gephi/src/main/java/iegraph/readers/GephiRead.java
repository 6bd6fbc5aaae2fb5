package iegraph.readers;

import java.io.File;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.TreeMap;
import org.gephi.graph.api.Column;
import org.gephi.graph.api.DirectedGraph;
import org.gephi.graph.api.Edge;
import org.gephi.graph.api.GraphController;
import org.gephi.graph.api.GraphModel;
import org.gephi.graph.api.Node;
import org.gephi.io.importer.api.Container;
import org.gephi.io.importer.api.ImportController;
import org.gephi.io.importer.api.Issue;
import org.gephi.io.processor.plugin.DefaultProcessor;
import org.gephi.project.api.ProjectController;
import org.gephi.project.api.Workspace;
import org.openide.util.Lookup;

/**
 * Opens a GEXF or GraphML file with the Gephi toolkit's own importers (as Gephi's "Open" does)
 * and prints what Gephi sees as one JSON object on stdout: node and edge counts, the edge
 * types, the importer's issues, how many distinct node colours, and every node (id, label) and
 * edge (source, target, type, label).
 *
 * <p>Usage: {@code java -cp <classpath> iegraph.readers.GephiRead FILE}
 */
public final class GephiRead {
    private GephiRead() {}

    public static void main(String[] args) throws Exception {
        if (args.length != 1) {
            System.err.println("usage: GephiRead FILE.gexf|FILE.graphml");
            System.exit(2);
        }
        ProjectController pc = Lookup.getDefault().lookup(ProjectController.class);
        pc.newProject();
        Workspace workspace = pc.getCurrentWorkspace();
        ImportController importer = Lookup.getDefault().lookup(ImportController.class);
        Container container = importer.importFile(new File(args[0]));
        if (container == null) {
            System.err.println("Gephi could not open " + args[0]);
            System.exit(1);
        }
        Collection<Issue> issues = container.getReport().getIssuesList(100000);
        importer.process(container, new DefaultProcessor(), workspace);
        GraphModel model = Lookup.getDefault().lookup(GraphController.class).getGraphModel(workspace);
        DirectedGraph g = model.getDirectedGraph();

        StringBuilder out = new StringBuilder();
        out.append("{\"nodes\": ").append(g.getNodeCount());
        out.append(", \"edges\": ").append(g.getEdgeCount());
        out.append(", \"edge_types\": [");
        List<String> types = new ArrayList<>();
        for (Object label : model.getEdgeTypeLabels(false)) {
            types.add(json(label == null ? "" : label.toString()));
        }
        out.append(String.join(", ", types)).append("]");
        out.append(", \"issues\": [");
        List<String> items = new ArrayList<>();
        for (Issue issue : issues) {
            items.add(
                    "{\"level\": "
                            + json(issue.getLevel().toString())
                            + ", \"message\": "
                            + json(issue.getMessage())
                            + "}");
        }
        out.append(String.join(", ", items)).append("]");
        out.append(", \"node_columns\": [");
        List<String> cols = new ArrayList<>();
        for (Column c : model.getNodeTable()) {
            cols.add(json(c.getTitle()));
        }
        out.append(String.join(", ", cols)).append("]");
        java.util.Set<Integer> colors = new java.util.HashSet<>();
        for (Node n : g.getNodes()) {
            colors.add(n.getColor().getRGB());
        }
        out.append(", \"node_colors\": ").append(colors.size());
        out.append(", \"node_list\": [");
        TreeMap<String, String> nodes = new TreeMap<>();
        for (Node n : g.getNodes()) {
            nodes.put(n.getId().toString(), "[" + json(n.getId().toString()) + ", " + json(n.getLabel()) + "]");
        }
        out.append(String.join(", ", nodes.values())).append("]");
        out.append(", \"edge_list\": [");
        List<String> edges = new ArrayList<>();
        for (Edge e : g.getEdges()) {
            Object type = model.getEdgeTypeLabel(e.getType());
            edges.add(
                    "["
                            + json(e.getSource().getId().toString())
                            + ", "
                            + json(e.getTarget().getId().toString())
                            + ", "
                            + json(type == null ? "" : type.toString())
                            + ", "
                            + json(e.getLabel())
                            + "]");
        }
        out.append(String.join(", ", edges)).append("]}");
        System.out.println(out);
        System.out.flush();
        System.exit(0); // Gephi's lookup leaves non-daemon threads behind
    }

    private static String json(String s) {
        if (s == null) {
            return "null";
        }
        StringBuilder b = new StringBuilder("\"");
        for (int i = 0; i < s.length(); i++) {
            char ch = s.charAt(i);
            switch (ch) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\t' -> b.append("\\t");
                default -> {
                    if (ch < 0x20) {
                        b.append(String.format(Locale.ROOT, "\\u%04x", (int) ch));
                    } else {
                        b.append(ch);
                    }
                }
            }
        }
        return b.append('"').toString();
    }
}
