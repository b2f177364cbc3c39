package eu.eevidence.gw.pki;

import java.security.Provider;
import java.security.Security;

import org.bouncycastle.jce.provider.BouncyCastleProvider;

/**
 * The one Bouncy Castle provider instance used by this module. It is registered with the JCA once
 * (appended, so it never becomes the default for other code) and is always passed explicitly to every
 * JCA/JCE call of the module: signature verification never goes through the default JDK providers.
 */
public final class BouncyCastle {

    private static volatile Provider provider;

    private BouncyCastle() {
    }

    /** The registered BC provider, registering it if absent. */
    public static Provider provider() {
        Provider p = provider;
        if (p != null) {
            return p;
        }
        synchronized (BouncyCastle.class) {
            if (provider == null) {
                Provider registered = Security.getProvider(BouncyCastleProvider.PROVIDER_NAME);
                if (registered == null) {
                    registered = new BouncyCastleProvider();
                    Security.addProvider(registered);
                }
                provider = registered;
            }
            return provider;
        }
    }
}
