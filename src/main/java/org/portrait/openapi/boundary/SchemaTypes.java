package org.portrait.openapi.boundary;

import static org.eclipse.microprofile.openapi.OASFactory.createSchema;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import org.eclipse.microprofile.openapi.models.media.Schema;
import org.eclipse.microprofile.openapi.models.media.Schema.SchemaType;

/**
 * Schemas of one type on either MicroProfile OpenAPI: 3.x (Payara 6) has {@code Schema.type(SchemaType)},
 * 4.x (WildFly 39, OpenAPI 3.1, where a type may be a list) dropped it for {@code addType(SchemaType)}. No
 * method sets a type on both, and a call compiled against one fails with NoSuchMethodError on the other,
 * so the server's own method is looked up once.
 */
final class SchemaTypes {

    private static final MethodHandle SET_TYPE = setter();

    private SchemaTypes() {
    }

    static Schema typed(SchemaType type) {
        try {
            return (Schema) SET_TYPE.invoke(createSchema(), type);
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable e) {
            throw new IllegalStateException(e);
        }
    }

    private static MethodHandle setter() {
        MethodHandles.Lookup lookup = MethodHandles.publicLookup();
        for (String name : new String[] {"type", "addType"}) {
            try {
                return lookup.findVirtual(Schema.class, name, MethodType.methodType(Schema.class, SchemaType.class));
            } catch (NoSuchMethodException | IllegalAccessException e) {
                // not this API version
            }
        }
        throw new IllegalStateException("This MicroProfile OpenAPI has neither Schema.type(SchemaType) nor "
                + "Schema.addType(SchemaType)");
    }
}
