package org.portrait.it;

import java.io.File;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.importer.ZipImporter;
import org.jboss.shrinkwrap.api.spec.WebArchive;

/** The WAR that `mvn package` built, as the Arquillian deployment: suites test the real artifact. */
final class BuiltWar {

    /** Graph's HD sizes (docs/api.md §2). */
    static final int[] HD = {48, 64, 96, 120, 240, 360, 432, 504, 648};

    private BuiltWar() {
    }

    static WebArchive archive() {
        File war = new File(System.getProperty("portrait.war", "target/portrait.war"));
        // ROOT.war: Payara Micro serves it at context root /, whatever the WAR's own name.
        return ShrinkWrap.create(ZipImporter.class, "ROOT.war").importFrom(war).as(WebArchive.class);
    }
}
