<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="pt_PT">
<context>
    <name>main</name>
    <message>
        <source>Train, watch and question image classifiers of rare species</source>
        <translation>Treinar, acompanhar e questionar classificadores de imagens de espécies raras</translation>
    </message>
    <message>
        <source>Open this project folder.</source>
        <translation>Abrir esta pasta de projeto.</translation>
    </message>
    <message>
        <source>Render each main view to PNG files in this folder, then quit.</source>
        <translation>Gravar cada vista principal em ficheiros PNG nesta pasta e sair.</translation>
    </message>
</context>
<context>
    <name>taxo::ui::BrowsePage</name>
    <message>
        <source>Search family, id or path…</source>
        <translation>Procurar família, id ou caminho…</translation>
    </message>
    <message>
        <source>Sort by id</source>
        <translation>Ordenar por id</translation>
    </message>
    <message>
        <source>Sort by family</source>
        <translation>Ordenar por família</translation>
    </message>
    <message>
        <source>Sort by split</source>
        <translation>Ordenar por partição</translation>
    </message>
    <message>
        <source>Sort by confidence</source>
        <translation>Ordenar por confiança</translation>
    </message>
    <message>
        <source>Mistakes first</source>
        <translation>Erros primeiro</translation>
    </message>
    <message numerus="yes">
        <source>%n specimen(s)</source>
        <translation>
            <numerusform>%n espécime</numerusform>
            <numerusform>%n espécimes</numerusform>
        </translation>
    </message>
    <message>
        <source>Whose predictions the grid and the details show</source>
        <translation>De que execução são as previsões mostradas na grelha e nos detalhes</translation>
    </message>
    <message>
        <source>No predictions</source>
        <translation>Sem previsões</translation>
    </message>
    <message>
        <source>Run #%1 %2</source>
        <translation>Execução n.º %1 %2</translation>
    </message>
</context>
<context>
    <name>taxo::ui::ClassTableModel</name>
    <message>
        <source>Family</source>
        <translation>Família</translation>
    </message>
    <message>
        <source>Phylum</source>
        <translation>Filo</translation>
    </message>
    <message>
        <source>Photos</source>
        <translation>Fotografias</translation>
    </message>
    <message>
        <source>Train</source>
        <translation>Treino</translation>
    </message>
    <message>
        <source>Validation</source>
        <translation>Validação</translation>
    </message>
    <message>
        <source>Test</source>
        <translation>Teste</translation>
    </message>
    <message>
        <source>Excluded</source>
        <translation>Excluído</translation>
    </message>
</context>
<context>
    <name>taxo::ui::LabelEditor</name>
    <message>
        <source>Some of the selected specimens are no longer in the project.</source>
        <translation>Alguns dos espécimes selecionados já não estão no projeto.</translation>
    </message>
    <message numerus="yes">
        <source>Relabel %n specimen(s) as %1</source>
        <translation>
            <numerusform>Reetiquetar %n espécime como %1</numerusform>
            <numerusform>Reetiquetar %n espécimes como %1</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Exclude %n specimen(s)</source>
        <translation>
            <numerusform>Excluir %n espécime</numerusform>
            <numerusform>Excluir %n espécimes</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Include %n specimen(s)</source>
        <translation>
            <numerusform>Incluir %n espécime</numerusform>
            <numerusform>Incluir %n espécimes</numerusform>
        </translation>
    </message>
    <message>
        <source>A label cannot be empty.</source>
        <translation>Uma etiqueta não pode estar vazia.</translation>
    </message>
    <message numerus="yes">
        <source>Accept %n suggestion(s)</source>
        <translation>
            <numerusform>Aceitar %n sugestão</numerusform>
            <numerusform>Aceitar %n sugestões</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>taxo::ui::MainWindow</name>
    <message>
        <source>Taxoscope</source>
        <translation>Taxoscope</translation>
    </message>
    <message>
        <source>Overview</source>
        <translation>Resumo</translation>
    </message>
    <message>
        <source>Specimens</source>
        <translation>Espécimes</translation>
    </message>
    <message>
        <source>Label not changed</source>
        <translation>Etiqueta não alterada</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>&amp;Ficheiro</translation>
    </message>
    <message>
        <source>New project from &amp;metadata.csv…</source>
        <translation>Novo projeto a partir de &amp;metadata.csv…</translation>
    </message>
    <message>
        <source>New project from a &amp;folder…</source>
        <translation>Novo projeto a partir de uma &amp;pasta…</translation>
    </message>
    <message>
        <source>&amp;Open project…</source>
        <translation>&amp;Abrir projeto…</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>&amp;Sair</translation>
    </message>
    <message>
        <source>&amp;Edit</source>
        <translation>&amp;Editar</translation>
    </message>
    <message>
        <source>&amp;Undo</source>
        <translation>&amp;Desfazer</translation>
    </message>
    <message>
        <source>&amp;Redo</source>
        <translation>&amp;Refazer</translation>
    </message>
    <message>
        <source>E&amp;xclude or include selection</source>
        <translation>E&amp;xcluir ou incluir a seleção</translation>
    </message>
    <message>
        <source>&amp;Accept the model&apos;s suggestion</source>
        <translation>&amp;Aceitar a sugestão do modelo</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>&amp;Ver</translation>
    </message>
    <message>
        <source>&amp;Settings</source>
        <translation>&amp;Definições</translation>
    </message>
    <message>
        <source>&amp;Language</source>
        <translation>&amp;Idioma</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>A&amp;juda</translation>
    </message>
    <message>
        <source>&amp;About Taxoscope</source>
        <translation>&amp;Acerca do Taxoscope</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Cancelar</translation>
    </message>
    <message>
        <source> — about %1 s left</source>
        <translation> — faltam cerca de %1 s</translation>
    </message>
    <message>
        <source>Taxonomy</source>
        <translation>Taxonomia</translation>
    </message>
    <message>
        <source>Filter taxa…</source>
        <translation>Filtrar táxones…</translation>
    </message>
    <message>
        <source>System language</source>
        <translation>Idioma do sistema</translation>
    </message>
    <message>
        <source>Language</source>
        <translation>Idioma</translation>
    </message>
    <message>
        <source>The language changes when Taxoscope starts again.</source>
        <translation>O idioma muda quando o Taxoscope for reiniciado.</translation>
    </message>
    <message>
        <source>Cannot open project</source>
        <translation>Não é possível abrir o projeto</translation>
    </message>
    <message>
        <source>Taxoscope — %1</source>
        <translation>Taxoscope — %1</translation>
    </message>
    <message>
        <source>Importing %1</source>
        <translation>A importar %1</translation>
    </message>
    <message>
        <source>Busy</source>
        <translation>Ocupado</translation>
    </message>
    <message>
        <source>Another job is running; wait for it or cancel it.</source>
        <translation>Outra tarefa está em curso; aguarde que termine ou cancele-a.</translation>
    </message>
    <message>
        <source>Import failed</source>
        <translation>A importação falhou</translation>
    </message>
    <message>
        <source>Import finished</source>
        <translation>Importação concluída</translation>
    </message>
    <message>
        <source>The import report:</source>
        <translation>O relatório da importação:</translation>
    </message>
    <message>
        <source>Choose a metadata.csv</source>
        <translation>Escolha um metadata.csv</translation>
    </message>
    <message>
        <source>CSV files (*.csv)</source>
        <translation>Ficheiros CSV (*.csv)</translation>
    </message>
    <message>
        <source>Choose an empty folder for the new project</source>
        <translation>Escolha uma pasta vazia para o novo projeto</translation>
    </message>
    <message>
        <source>Choose the folder holding one folder per family</source>
        <translation>Escolha a pasta que contém uma pasta por família</translation>
    </message>
    <message>
        <source>Open a Taxoscope project folder</source>
        <translation>Abrir uma pasta de projeto Taxoscope</translation>
    </message>
    <message>
        <source>About Taxoscope</source>
        <translation>Acerca do Taxoscope</translation>
    </message>
    <message>
        <source>&lt;h3&gt;Taxoscope %1&lt;/h3&gt;&lt;p&gt;Train, watch and question image classifiers of rare species.&lt;/p&gt;&lt;p&gt;Pretrained MobileNet weights: Google Coral &lt;i&gt;test_data&lt;/i&gt;, Apache License 2.0.&lt;br&gt;Rare-species photos: Encyclopedia of Life via the BioCLIP &lt;i&gt;rare species&lt;/i&gt; data set (Stevens et al., arXiv:2311.18803); each image keeps its own EOL licence.&lt;/p&gt;</source>
        <translation>&lt;h3&gt;Taxoscope %1&lt;/h3&gt;&lt;p&gt;Treinar, acompanhar e questionar classificadores de imagens de espécies raras.&lt;/p&gt;&lt;p&gt;Pesos MobileNet pré-treinados: Google Coral &lt;i&gt;test_data&lt;/i&gt;, Licença Apache 2.0.&lt;br&gt;Fotografias de espécies raras: Encyclopedia of Life através do conjunto de dados &lt;i&gt;rare species&lt;/i&gt; do BioCLIP (Stevens et al., arXiv:2311.18803); cada imagem mantém a sua própria licença EOL.&lt;/p&gt;</translation>
    </message>
</context>
<context>
    <name>taxo::ui::ProjectPage</name>
    <message>
        <source>Filter families…</source>
        <translation>Filtrar famílias…</translation>
    </message>
    <message>
        <source>No split yet.</source>
        <translation>Ainda sem partição.</translation>
    </message>
    <message>
        <source>Split %1: %2 train, %3 validation, %4 test.</source>
        <translation>Partição %1: %2 de treino, %3 de validação, %4 de teste.</translation>
    </message>
    <message>
        <source>&lt;h2&gt;%1&lt;/h2&gt;&lt;p&gt;%2 specimens in %3 classes (%4 excluded, %5 unlabelled). Photos per class: min %6, median %7, max %8. %9&lt;/p&gt;</source>
        <translation>&lt;h2&gt;%1&lt;/h2&gt;&lt;p&gt;%2 espécimes em %3 classes (%4 excluídos, %5 sem etiqueta). Fotografias por classe: mín. %6, mediana %7, máx. %8. %9&lt;/p&gt;</translation>
    </message>
</context>
<context>
    <name>taxo::ui::SpecimenDetails</name>
    <message>
        <source>No specimen selected</source>
        <translation>Nenhum espécime selecionado</translation>
    </message>
    <message>
        <source>Taxonomy:</source>
        <translation>Taxonomia:</translation>
    </message>
    <message>
        <source>Split part:</source>
        <translation>Parte da partição:</translation>
    </message>
    <message>
        <source>Photo:</source>
        <translation>Fotografia:</translation>
    </message>
    <message>
        <source>Label</source>
        <translation>Etiqueta</translation>
    </message>
    <message>
        <source>Family label, e.g. chordata_ardeidae</source>
        <translation>Etiqueta da família, p. ex. chordata_ardeidae</translation>
    </message>
    <message>
        <source>Relabel</source>
        <translation>Reetiquetar</translation>
    </message>
    <message>
        <source>Give the selected specimens this label</source>
        <translation>Dar esta etiqueta aos espécimes selecionados</translation>
    </message>
    <message>
        <source>Model&apos;s top 5</source>
        <translation>As 5 primeiras do modelo</translation>
    </message>
    <message>
        <source>No predictions: train a model or choose a run.</source>
        <translation>Sem previsões: treine um modelo ou escolha uma execução.</translation>
    </message>
    <message>
        <source>Family</source>
        <translation>Família</translation>
    </message>
    <message>
        <source>Probability</source>
        <translation>Probabilidade</translation>
    </message>
    <message>
        <source>Label history</source>
        <translation>Histórico de etiquetas</translation>
    </message>
    <message>
        <source>When (UTC)</source>
        <translation>Quando (UTC)</translation>
    </message>
    <message>
        <source>Excluded</source>
        <translation>Excluído</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>Nota</translation>
    </message>
    <message numerus="yes">
        <source>%n specimens selected; changes apply to all of them.</source>
        <translation>
            <numerusform>%n espécime selecionado; as alterações aplicam-se a ele.</numerusform>
            <numerusform>%n espécimes selecionados; as alterações aplicam-se a todos.</numerusform>
        </translation>
    </message>
    <message>
        <source> (excluded)</source>
        <translation> (excluído)</translation>
    </message>
    <message>
        <source>yes</source>
        <translation>sim</translation>
    </message>
    <message>
        <source>no</source>
        <translation>não</translation>
    </message>
    <message>
        <source>Loading photo…</source>
        <translation>A carregar a fotografia…</translation>
    </message>
    <message>
        <source>No photo</source>
        <translation>Sem fotografia</translation>
    </message>
    <message>
        <source>Exclude (X)</source>
        <translation>Excluir (X)</translation>
    </message>
    <message>
        <source>Accept (Enter)</source>
        <translation>Aceitar (Enter)</translation>
    </message>
    <message>
        <source>Exclude the selected specimens from training and evaluation, or include them again</source>
        <translation>Excluir os espécimes selecionados do treino e da avaliação, ou voltar a incluí-los</translation>
    </message>
    <message>
        <source>Relabel the selected specimens with the model&apos;s first suggestion</source>
        <translation>Reetiquetar os espécimes selecionados com a primeira sugestão do modelo</translation>
    </message>
</context>
<context>
    <name>taxo::ui::SpecimenListModel</name>
    <message>
        <source>#%1 %2
%3</source>
        <translation>n.º %1 %2
%3</translation>
    </message>
    <message>
        <source>train</source>
        <translation>treino</translation>
    </message>
    <message>
        <source>val</source>
        <translation>valid.</translation>
    </message>
    <message>
        <source>test</source>
        <translation>teste</translation>
    </message>
    <message>
        <source>unassigned</source>
        <translation>sem parte</translation>
    </message>
</context>
<context>
    <name>taxo::ui::TaxonomyModel</name>
    <message>
        <source>Taxon</source>
        <translation>Táxon</translation>
    </message>
    <message>
        <source>Specimens</source>
        <translation>Espécimes</translation>
    </message>
    <message>
        <source>(unknown)</source>
        <translation>(desconhecido)</translation>
    </message>
    <message numerus="yes">
        <source>%n excluded</source>
        <translation>
            <numerusform>%n excluído</numerusform>
            <numerusform>%n excluídos</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>taxo::ui::WelcomePage</name>
    <message>
        <source>&lt;h1&gt;Taxoscope&lt;/h1&gt;&lt;p&gt;Train, watch and question image classifiers of rare species.&lt;/p&gt;</source>
        <translation>&lt;h1&gt;Taxoscope&lt;/h1&gt;&lt;p&gt;Treinar, acompanhar e questionar classificadores de imagens de espécies raras.&lt;/p&gt;</translation>
    </message>
    <message>
        <source>New project from a metadata.csv…</source>
        <translation>Novo projeto a partir de um metadata.csv…</translation>
    </message>
    <message>
        <source>New project from a folder of class folders…</source>
        <translation>Novo projeto a partir de uma pasta de pastas de classes…</translation>
    </message>
    <message>
        <source>Open a project…</source>
        <translation>Abrir um projeto…</translation>
    </message>
    <message>
        <source>Open the sample project (rare species, 4 families)</source>
        <translation>Abrir o projeto de exemplo (espécies raras, 4 famílias)</translation>
    </message>
    <message>
        <source>&lt;b&gt;Recent projects&lt;/b&gt;</source>
        <translation>&lt;b&gt;Projetos recentes&lt;/b&gt;</translation>
    </message>
</context>
</TS>
