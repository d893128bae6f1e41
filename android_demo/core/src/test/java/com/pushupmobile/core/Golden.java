package com.pushupmobile.core;

import java.io.File;
import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/** Reads the golden files the Python side writes (tests/golden, passed as -Dgolden.dir). */
final class Golden {
    private Golden() {}

    static File dir(String kind) {
        String root = System.getProperty("golden.dir");
        if (root == null) throw new IllegalStateException("run with -Dgolden.dir=<repo>/tests/golden");
        return new File(root, kind);
    }

    static List<File> files(String kind) {
        File[] found = dir(kind).listFiles();
        if (found == null || found.length == 0) throw new IllegalStateException("no golden files in " + dir(kind));
        List<File> out = new ArrayList<File>();
        for (File f : found) if (f.getName().endsWith(".json")) out.add(f);
        java.util.Collections.sort(out);
        return out;
    }

    static Map<String, Object> read(File file) throws IOException {
        return Json.object(Json.parse(new String(Files.readAllBytes(file.toPath()), Charset.forName("UTF-8"))), file.getName());
    }

    static List<String> strings(Object value) {
        List<String> out = new ArrayList<String>();
        for (Object o : Json.array(value, "strings")) out.add((String) o);
        return out;
    }

    static double[] doubles(Object value) {
        List<Object> list = Json.array(value, "numbers");
        double[] out = new double[list.size()];
        for (int i = 0; i < out.length; i++) out[i] = Json.number(list.get(i), "number");
        return out;
    }

    static String describe(double[] values) {
        return Arrays.toString(values);
    }
}
