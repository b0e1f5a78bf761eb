package dev.landlockstudio.compiler.fs;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Values indexed by absolute path, one node per path component, so that everything on a path and its ancestors is
 * found in one walk down its components: linear in the path's depth.
 */
public final class PathTrie<V> {

    public static final class Node<V> {
        private final Map<String, Node<V>> children = new HashMap<>();
        private final List<V> values = new ArrayList<>();

        public List<V> values() {
            return values;
        }
    }

    private final Node<V> root = new Node<>();

    public void add(List<String> components, V value) {
        Node<V> node = root;
        for (String component : components) {
            node = node.children.computeIfAbsent(component, c -> new Node<>());
        }
        node.values.add(value);
    }

    public Node<V> root() {
        return root;
    }

    /** The node at {@code components}, or null when nothing was added there or beneath. */
    public Node<V> find(List<String> components) {
        Node<V> node = root;
        for (int i = 0; i < components.size() && node != null; i++) {
            node = node.children.get(components.get(i));
        }
        return node;
    }

    public static <V> Node<V> child(Node<V> node, String component) {
        return node == null ? null : node.children.get(component);
    }
}
