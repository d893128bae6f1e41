// Plain Java 8, no Android dependencies: the same logic as the Python feedback engine,
// tested on the golden vectors that the Python tests write (../tests/golden).
plugins {
    `java-library`
}

java {
    sourceCompatibility = JavaVersion.VERSION_1_8
    targetCompatibility = JavaVersion.VERSION_1_8
}

dependencies {
    testImplementation(libs.junit)
}

tasks.test {
    systemProperty("golden.dir", rootProject.file("../tests/golden").absolutePath)
    systemProperty("assets.dir", rootProject.file("app/src/main/assets").absolutePath)
}
