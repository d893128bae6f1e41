package com.pushupmobile.core;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;

import java.util.List;
import java.util.Map;
import org.junit.Test;

public class JsonTest {
    @Test
    public void parsesNestedValues() {
        Map<String, Object> root = Json.object(
            Json.parse("{\"a\": [1, -2.5e1, true, null], \"b\": {\"s\": \"x\\\"y\\u00e9\"}}"), "root");
        List<Object> a = Json.array(root.get("a"), "a");
        assertEquals(1.0, Json.number(a.get(0), "n"), 0.0);
        assertEquals(-25.0, Json.number(a.get(1), "n"), 0.0);
        assertEquals(Boolean.TRUE, a.get(2));
        assertNull(a.get(3));
        assertEquals("x\"y\u00e9", Json.object(root.get("b"), "b").get("s"));
    }

    @Test(expected = IllegalArgumentException.class)
    public void rejectsTrailingGarbage() {
        Json.parse("{} x");
    }
}
