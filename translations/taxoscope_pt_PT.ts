<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="pt_PT">
<context>
    <name>QObject</name>
    <message>
        <source>epoch</source>
        <translation>época</translation>
    </message>
</context>
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
    <name>taxo::ui::ClassifyPage</name>
    <message>
        <source>Open photos…</source>
        <translation>Abrir fotografias…</translation>
    </message>
    <message>
        <source>Classify a folder to CSV…</source>
        <translation>Classificar uma pasta para CSV…</translation>
    </message>
    <message>
        <source>Add to project with this label</source>
        <translation>Adicionar ao projeto com este rótulo</translation>
    </message>
    <message>
        <source>Add to project unlabelled</source>
        <translation>Adicionar ao projeto sem rótulo</translation>
    </message>
    <message>
        <source>Drop photos here or open them.</source>
        <translation>Largue fotografias aqui ou abra-as.</translation>
    </message>
    <message>
        <source>Model of run</source>
        <translation>Modelo da execução</translation>
    </message>
    <message>
        <source>#%1 %2</source>
        <translation>#%1 %2</translation>
    </message>
    <message>
        <source>Classifying</source>
        <translation>A classificar</translation>
    </message>
    <message>
        <source>Classification failed: %1</source>
        <translation>A classificação falhou: %1</translation>
    </message>
    <message>
        <source>%1 photos classified into %2</source>
        <translation>%1 fotografias classificadas em %2</translation>
    </message>
    <message>
        <source>%1 photos classified</source>
        <translation>%1 fotografias classificadas</translation>
    </message>
    <message>
        <source>Photos to classify</source>
        <translation>Fotografias a classificar</translation>
    </message>
    <message>
        <source>Photos (*.jpg *.jpeg *.png *.bmp *.tif *.tiff *.webp)</source>
        <translation>Fotografias (*.jpg *.jpeg *.png *.bmp *.tif *.tiff *.webp)</translation>
    </message>
    <message>
        <source>Folder of photos</source>
        <translation>Pasta de fotografias</translation>
    </message>
    <message>
        <source>Save predictions as</source>
        <translation>Guardar as previsões como</translation>
    </message>
    <message>
        <source>CSV (*.csv)</source>
        <translation>CSV (*.csv)</translation>
    </message>
    <message>
        <source>Cannot show %1</source>
        <translation>Não é possível mostrar %1</translation>
    </message>
    <message>
        <source>Not added</source>
        <translation>Não adicionado</translation>
    </message>
    <message>
        <source>Added %1 unlabelled</source>
        <translation>%1 adicionada sem rótulo</translation>
    </message>
    <message>
        <source>Added %1 as %2</source>
        <translation>%1 adicionada como %2</translation>
    </message>
    <message>
        <source>birds and insects, by family</source>
        <translation>aves e insetos, pela família</translation>
    </message>
    <message>
        <source>birds</source>
        <translation>aves</translation>
    </message>
    <message>
        <source>insects</source>
        <translation>insetos</translation>
    </message>
    <message>
        <source>off</source>
        <translation>desligadas</translation>
    </message>
    <message>
        <source>Species from the iNaturalist bird and insect classifiers, beside the families</source>
        <translation>Espécies dos classificadores de aves e insetos do iNaturalist, ao lado das famílias</translation>
    </message>
    <message>
        <source>Species suggestions</source>
        <translation>Sugestões de espécies</translation>
    </message>
    <message>
        <source>No trained model yet: photos get species suggestions only.</source>
        <translation>Ainda sem modelo treinado: as fotografias recebem apenas sugestões de espécies.</translation>
    </message>
    <message>
        <source>No trained model yet: train one on the Training page, or choose bird or insect suggestions.</source>
        <translation>Ainda sem modelo treinado: treine um na página Treino, ou escolha sugestões de aves ou insetos.</translation>
    </message>
    <message>
        <source>iNaturalist birds</source>
        <translation>aves do iNaturalist</translation>
    </message>
    <message>
        <source>iNaturalist insects</source>
        <translation>insetos do iNaturalist</translation>
    </message>
    <message>
        <source>&lt;b&gt;Species (%1):&lt;/b&gt; %2</source>
        <translation>&lt;b&gt;Espécies (%1):&lt;/b&gt; %2</translation>
    </message>
</context>
<context>
    <name>taxo::ui::ConfusionModel</name>
    <message>
        <source>true: %1
predicted: %2
count: %3</source>
        <translation>verdadeira: %1
prevista: %2
contagem: %3</translation>
    </message>
</context>
<context>
    <name>taxo::ui::DuplicateGroupDelegate</name>
    <message>
        <source>Group %1</source>
        <translation>Grupo %1</translation>
    </message>
    <message>
        <source>cosine %1</source>
        <translation>cosseno %1</translation>
    </message>
    <message>
        <source>straddles the split</source>
        <translation>atravessa a divisão</translation>
    </message>
    <message>
        <source>labels disagree</source>
        <translation>etiquetas em desacordo</translation>
    </message>
    <message>
        <source>%1 · #%2 · excluded</source>
        <translation>%1 · #%2 · excluído</translation>
    </message>
    <message>
        <source>%1 · #%2</source>
        <translation>%1 · #%2</translation>
    </message>
</context>
<context>
    <name>taxo::ui::DuplicateGroupsModel</name>
    <message numerus="yes">
        <source>Group %1: %n photo(s), cosine %2</source>
        <translation>
            <numerusform>Grupo %1: %n fotografia, cosseno %2</numerusform>
            <numerusform>Grupo %1: %n fotografias, cosseno %2</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>taxo::ui::DuplicateGroupsPanel</name>
    <message>
        <source>cosine ≥ </source>
        <translation>cosseno ≥ </translation>
    </message>
    <message>
        <source>How alike two photos&apos; embeddings must be to count as near-duplicates (1 = identical)</source>
        <translation>Quão semelhantes têm de ser os embeddings de duas fotografias para contarem como quase duplicadas (1 = idênticas)</translation>
    </message>
    <message>
        <source>Find near-duplicates</source>
        <translation>Procurar quase duplicados</translation>
    </message>
    <message>
        <source>Extract features and find near-duplicates</source>
        <translation>Extrair características e procurar quase duplicados</translation>
    </message>
    <message>
        <source>loading…</source>
        <translation>a carregar…</translation>
    </message>
    <message>
        <source>&lt;b&gt;%1&lt;/b&gt;&lt;br&gt;%2 · #%3%4</source>
        <translation>&lt;b&gt;%1&lt;/b&gt;&lt;br&gt;%2 · #%3%4</translation>
    </message>
    <message>
        <source> · excluded</source>
        <translation> · excluído</translation>
    </message>
    <message>
        <source>#%1 is no longer in the project</source>
        <translation>O #%1 já não está no projeto</translation>
    </message>
    <message>
        <source>Include</source>
        <translation>Incluir</translation>
    </message>
    <message>
        <source>Exclude</source>
        <translation>Excluir</translation>
    </message>
    <message>
        <source>Use this photo for training and evaluation again</source>
        <translation>Voltar a usar esta fotografia no treino e na avaliação</translation>
    </message>
    <message>
        <source>Leave this photo out of training and evaluation (its duplicate stays)</source>
        <translation>Deixar esta fotografia fora do treino e da avaliação (o seu duplicado fica)</translation>
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
    <message>
        <source>Training</source>
        <translation>Treino</translation>
    </message>
    <message>
        <source>Results</source>
        <translation>Resultados</translation>
    </message>
    <message>
        <source>Run history</source>
        <translation>Histórico de execuções</translation>
    </message>
    <message>
        <source>Classify</source>
        <translation>Classificar</translation>
    </message>
    <message numerus="yes">
        <source>%n specimen(s): %1</source>
        <translation>
            <numerusform>%n espécime: %1</numerusform>
            <numerusform>%n espécimes: %1</numerusform>
        </translation>
    </message>
    <message>
        <source>Review</source>
        <translation>Revisão</translation>
    </message>
</context>
<context>
    <name>taxo::ui::MisclassifiedGallery</name>
    <message>
        <source>%1
→ %2 (%3 %)</source>
        <translation>%1
→ %2 (%3 %)</translation>
    </message>
    <message>
        <source>True: %1</source>
        <translation>Verdadeira: %1</translation>
    </message>
    <message>
        <source>Show Grad-CAM</source>
        <translation>Mostrar Grad-CAM</translation>
    </message>
    <message>
        <source>Where the model looked for the predicted family in the selected photos (G)</source>
        <translation>Onde o modelo procurou a família prevista nas fotografias selecionadas (G)</translation>
    </message>
    <message>
        <source>Grad-CAM on every photo</source>
        <translation>Grad-CAM em todas as fotografias</translation>
    </message>
    <message>
        <source>Model&apos;s top 5</source>
        <translation>As 5 primeiras do modelo</translation>
    </message>
    <message>
        <source>No run yet: train a model on the Training page, and its wrong predictions appear here.</source>
        <translation>Ainda sem execuções: treine um modelo na página Treino e as suas previsões erradas aparecem aqui.</translation>
    </message>
    <message>
        <source>Grad-CAM explains heads on a frozen backbone; this run trained end to end.</source>
        <translation>O Grad-CAM explica cabeças sobre uma rede base congelada; esta execução treinou de ponta a ponta.</translation>
    </message>
    <message>
        <source>This run saved no model, so there is nothing to explain.</source>
        <translation>Esta execução não guardou nenhum modelo, por isso não há nada a explicar.</translation>
    </message>
    <message>
        <source>test</source>
        <translation>teste</translation>
    </message>
    <message>
        <source>validation</source>
        <translation>validação</translation>
    </message>
    <message numerus="yes">
        <source>No misclassified photos: all %n %1 photo(s) of this run are predicted right.</source>
        <translation>
            <numerusform>Sem fotografias mal classificadas: a %n fotografia de %1 desta execução está bem prevista.</numerusform>
            <numerusform>Sem fotografias mal classificadas: as %n fotografias de %1 desta execução estão bem previstas.</numerusform>
        </translation>
    </message>
    <message>
        <source>&lt;b&gt;%1&lt;/b&gt; predicted as &lt;b&gt;%2&lt;/b&gt; (%3 %)&lt;br&gt;specimen #%4</source>
        <translation>&lt;b&gt;%1&lt;/b&gt; prevista como &lt;b&gt;%2&lt;/b&gt; (%3 %)&lt;br&gt;espécime n.º %4</translation>
    </message>
    <message>
        <source>Grad-CAM gave no image</source>
        <translation>O Grad-CAM não devolveu nenhuma imagem</translation>
    </message>
    <message>
        <source>Grad-CAM failed: %1</source>
        <translation>O Grad-CAM falhou: %1</translation>
    </message>
    <message numerus="yes">
        <source>Computing Grad-CAM… %n photo(s) left</source>
        <translation>
            <numerusform>A calcular o Grad-CAM… falta %n fotografia</numerusform>
            <numerusform>A calcular o Grad-CAM… faltam %n fotografias</numerusform>
        </translation>
    </message>
    <message>
        <source>Red: the regions that raised the predicted family&apos;s score most.</source>
        <translation>Vermelho: as regiões que mais aumentaram a pontuação da família prevista.</translation>
    </message>
    <message>
        <source>Hide Grad-CAM</source>
        <translation>Ocultar Grad-CAM</translation>
    </message>
    <message>
        <source>No photo</source>
        <translation>Sem fotografia</translation>
    </message>
    <message>
        <source>Loading photo…</source>
        <translation>A carregar a fotografia…</translation>
    </message>
</context>
<context>
    <name>taxo::ui::PerClassModel</name>
    <message>
        <source>Family</source>
        <translation>Família</translation>
    </message>
    <message>
        <source>Phylum</source>
        <translation>Filo</translation>
    </message>
    <message>
        <source>Precision</source>
        <translation>Precisão</translation>
    </message>
    <message>
        <source>Recall</source>
        <translation>Sensibilidade</translation>
    </message>
    <message>
        <source>F1</source>
        <translation>F1</translation>
    </message>
    <message>
        <source>Support</source>
        <translation>Suporte</translation>
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
    <name>taxo::ui::ResultsPage</name>
    <message>
        <source>validation</source>
        <translation>validação</translation>
    </message>
    <message>
        <source>test</source>
        <translation>teste</translation>
    </message>
    <message>
        <source>Run</source>
        <translation>Execução</translation>
    </message>
    <message>
        <source>Part</source>
        <translation>Parte</translation>
    </message>
    <message>
        <source>Filter families or phyla…</source>
        <translation>Filtrar famílias ou filos…</translation>
    </message>
    <message>
        <source> px</source>
        <translation> px</translation>
    </message>
    <message>
        <source>Hide the diagonal</source>
        <translation>Ocultar a diagonal</translation>
    </message>
    <message>
        <source>phylum, family</source>
        <translation>filo, família</translation>
    </message>
    <message>
        <source>support</source>
        <translation>suporte</translation>
    </message>
    <message>
        <source>Cell size</source>
        <translation>Tamanho da célula</translation>
    </message>
    <message>
        <source>Show counts from</source>
        <translation>Mostrar contagens a partir de</translation>
    </message>
    <message>
        <source>Order</source>
        <translation>Ordem</translation>
    </message>
    <message>
        <source>Top confusions (true → predicted)</source>
        <translation>Principais confusões (verdadeira → prevista)</translation>
    </message>
    <message>
        <source>Specimen %1</source>
        <translation>Espécime %1</translation>
    </message>
    <message>
        <source>Per class</source>
        <translation>Por classe</translation>
    </message>
    <message>
        <source>Worst families</source>
        <translation>Piores famílias</translation>
    </message>
    <message>
        <source>Confusion matrix</source>
        <translation>Matriz de confusão</translation>
    </message>
    <message>
        <source>Misclassified</source>
        <translation>Mal classificadas</translation>
    </message>
    <message>
        <source>#%1 %2</source>
        <translation>#%1 %2</translation>
    </message>
    <message>
        <source>No finished run yet: train one on the Training page.</source>
        <translation>Ainda não há execução concluída: treine uma na página Treino.</translation>
    </message>
    <message>
        <source>%1 photos, accuracy %2 %, macro-F1 %3 %</source>
        <translation>%1 fotografias, exatidão %2 %, macro-F1 %3 %</translation>
    </message>
    <message>
        <source>The %1 families with the lowest F1</source>
        <translation>As %1 famílias com o F1 mais baixo</translation>
    </message>
    <message>
        <source>F1</source>
        <translation>F1</translation>
    </message>
    <message>
        <source>%1 (%2)</source>
        <translation>%1 (%2)</translation>
    </message>
    <message>
        <source>F1 (%)</source>
        <translation>F1 (%)</translation>
    </message>
    <message>
        <source>%1 → %2: %3</source>
        <translation>%1 → %2: %3</translation>
    </message>
    <message>
        <source>%1 predicted as %2</source>
        <translation>%1 prevista como %2</translation>
    </message>
    <message>
        <source>No run yet: train a model on the Training page, and its wrong predictions appear here.</source>
        <translation>Ainda sem execuções: treine um modelo na página Treino e as suas previsões erradas aparecem aqui.</translation>
    </message>
    <message>
        <source>Run #%1 has no predictions for the %2 part: it was not evaluated there (an empty part, or a run that did not finish).</source>
        <translation>A execução n.º %1 não tem previsões para a parte de %2: não foi avaliada aí (uma parte vazia, ou uma execução que não terminou).</translation>
    </message>
</context>
<context>
    <name>taxo::ui::ReviewPage</name>
    <message>
        <source>Near-duplicates</source>
        <translation>Quase duplicados</translation>
    </message>
    <message>
        <source> — about %1 s left</source>
        <translation> — faltam cerca de %1 s</translation>
    </message>
    <message>
        <source>Likely label errors</source>
        <translation>Prováveis erros de etiqueta</translation>
    </message>
    <message>
        <source>Least confident</source>
        <translation>Menos confiantes</translation>
    </message>
    <message>
        <source>p ≥ </source>
        <translation>p ≥ </translation>
    </message>
    <message>
        <source>A label counts as contradicted when a head that never saw the photo gives another family at least this probability</source>
        <translation>Uma etiqueta conta como contrariada quando uma cabeça que nunca viu a fotografia dá a outra família pelo menos esta probabilidade</translation>
    </message>
    <message>
        <source>Find suspects</source>
        <translation>Procurar suspeitos</translation>
    </message>
    <message>
        <source>Cross-validate the labels on the cached embeddings (runs in the background; the app stays usable)</source>
        <translation>Validar as etiquetas por validação cruzada sobre os embeddings em cache (corre em segundo plano; a aplicação continua utilizável)</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Cancelar</translation>
    </message>
    <message>
        <source>Extract features and find suspects</source>
        <translation>Extrair características e procurar suspeitos</translation>
    </message>
    <message>
        <source>Keys on the list: &lt;b&gt;A&lt;/b&gt; accept the suggestion · &lt;b&gt;R&lt;/b&gt; relabel · &lt;b&gt;X&lt;/b&gt; exclude or include · &lt;b&gt;Space&lt;/b&gt;/&lt;b&gt;→&lt;/b&gt; next · &lt;b&gt;←&lt;/b&gt; previous · &lt;b&gt;Ctrl+Z&lt;/b&gt; undo</source>
        <translation>Teclas na lista: &lt;b&gt;A&lt;/b&gt; aceitar a sugestão · &lt;b&gt;R&lt;/b&gt; reetiquetar · &lt;b&gt;X&lt;/b&gt; excluir ou incluir · &lt;b&gt;Espaço&lt;/b&gt;/&lt;b&gt;→&lt;/b&gt; seguinte · &lt;b&gt;←&lt;/b&gt; anterior · &lt;b&gt;Ctrl+Z&lt;/b&gt; anular</translation>
    </message>
    <message>
        <source>Review queue</source>
        <translation>Fila de revisão</translation>
    </message>
    <message>
        <source>Extracting features, then finding likely label errors</source>
        <translation>A extrair características e depois a procurar prováveis erros de etiqueta</translation>
    </message>
    <message>
        <source>Finding likely label errors</source>
        <translation>A procurar prováveis erros de etiqueta</translation>
    </message>
    <message>
        <source>Extracting features, then finding near-duplicates</source>
        <translation>A extrair características e depois a procurar quase duplicados</translation>
    </message>
    <message>
        <source>Finding near-duplicates</source>
        <translation>A procurar quase duplicados</translation>
    </message>
    <message>
        <source>Stopped: %1</source>
        <translation>Parado: %1</translation>
    </message>
    <message>
        <source>The analysis did not finish: %1</source>
        <translation>A análise não terminou: %1</translation>
    </message>
    <message>
        <source>No features extracted yet for %1. The analyses compare the photos&apos; embeddings: extract them first (the button below, a training run, or taxoscope-cli extract).</source>
        <translation>Ainda não foram extraídas características para %1. As análises comparam os embeddings das fotografias: extraia-os primeiro (o botão abaixo, um treino ou taxoscope-cli extract).</translation>
    </message>
    <message>
        <source>%1 of %2 photos have no embeddings for %3 yet. Extract them first (the button below, a training run, or taxoscope-cli extract).</source>
        <translation>%1 de %2 fotografias ainda não têm embeddings para %3. Extraia-os primeiro (o botão abaixo, um treino ou taxoscope-cli extract).</translation>
    </message>
    <message>
        <source>Open a project to review its labels.</source>
        <translation>Abra um projeto para rever as suas etiquetas.</translation>
    </message>
    <message>
        <source>Press Find suspects: every labelled photo is predicted by a head that never saw it (%1-fold cross-validation on the cached embeddings of %2), and the labels those predictions confidently contradict are listed here.</source>
        <translation>Prima Procurar suspeitos: cada fotografia rotulada é prevista por uma cabeça que nunca a viu (validação cruzada em %1 partes sobre os embeddings em cache de %2), e as etiquetas que essas previsões contrariam com confiança aparecem aqui.</translation>
    </message>
    <message>
        <source>No suspects found: no label is contradicted with p ≥ %1 (out-of-fold accuracy %2 %, %3 folds). Lower the threshold and search again, or look at the least confident specimens.</source>
        <translation>Nenhum suspeito encontrado: nenhuma etiqueta é contrariada com p ≥ %1 (exatidão fora da partição %2 %, %3 partes). Baixe o limiar e procure de novo, ou veja os espécimes menos confiantes.</translation>
    </message>
    <message numerus="yes">
        <source>%n likely label error(s) from the cross-validated label check (%1%2 folds, p ≥ %3; out-of-fold accuracy %4 %), most confident contradiction first.</source>
        <translation>
            <numerusform>%n provável erro de etiqueta da verificação por validação cruzada (%1%2 partes, p ≥ %3; exatidão fora da partição %4 %), a contradição mais confiante primeiro.</numerusform>
            <numerusform>%n prováveis erros de etiqueta da verificação por validação cruzada (%1%2 partes, p ≥ %3; exatidão fora da partição %4 %), a contradição mais confiante primeiro.</numerusform>
        </translation>
    </message>
    <message>
        <source>No finished run has predictions yet, so these come from the cross-validated label check (%1): lowest out-of-fold probability of the given label first.</source>
        <translation>Ainda nenhum treino terminado tem previsões, por isso estes vêm da verificação por validação cruzada (%1): menor probabilidade fora da partição da etiqueta dada primeiro.</translation>
    </message>
    <message>
        <source>No predictions to rank yet: train a model on the Training tab, or press Find suspects for cross-validated ones.</source>
        <translation>Ainda não há previsões para ordenar: treine um modelo no separador Treino, ou prima Procurar suspeitos para obter previsões por validação cruzada.</translation>
    </message>
    <message>
        <source>Open a project to look for near-duplicate photos.</source>
        <translation>Abra um projeto para procurar fotografias quase duplicadas.</translation>
    </message>
    <message>
        <source>Press Find near-duplicates: photos whose embeddings are nearly identical (re-encoded, resized or twice-shot copies) are grouped here. Groups that straddle train and test inflate test scores; groups whose labels disagree hide a label error.</source>
        <translation>Prima Procurar quase duplicados: as fotografias cujos embeddings são quase idênticos (cópias recodificadas, redimensionadas ou fotografadas duas vezes) são agrupadas aqui. Grupos que atravessam treino e teste inflacionam os resultados de teste; grupos com etiquetas em desacordo escondem um erro de etiqueta.</translation>
    </message>
    <message>
        <source>No near-duplicates found at cosine ≥ %1. Lower the threshold to look for looser matches.</source>
        <translation>Nenhum quase duplicado encontrado com cosseno ≥ %1. Baixe o limiar para procurar semelhanças mais largas.</translation>
    </message>
    <message numerus="yes">
        <source>%n group(s) at cosine ≥ %1%2: %3 straddle the split, %4 with disagreeing labels (framed red and orange).</source>
        <translation>
            <numerusform>%n grupo com cosseno ≥ %1%2: %3 atravessam a divisão, %4 com etiquetas em desacordo (moldura vermelha e laranja).</numerusform>
            <numerusform>%n grupos com cosseno ≥ %1%2: %3 atravessam a divisão, %4 com etiquetas em desacordo (moldura vermelha e laranja).</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>The %n least confident prediction(s) of run #%1 “%2” (parts: %3), lowest confidence first.</source>
        <translation>
            <numerusform>A previsão menos confiante do treino #%1 “%2” (partes: %3), a de menor confiança primeiro.</numerusform>
            <numerusform>As %n previsões menos confiantes do treino #%1 “%2” (partes: %3), as de menor confiança primeiro.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>taxo::ui::ReviewQueueModel</name>
    <message>
        <source>accepted</source>
        <translation>aceite</translation>
    </message>
    <message>
        <source>relabelled</source>
        <translation>reetiquetado</translation>
    </message>
    <message>
        <source>excluded</source>
        <translation>excluído</translation>
    </message>
    <message>
        <source>#%1  %2</source>
        <translation>#%1  %2</translation>
    </message>
    <message>
        <source>→ %1  %2 %</source>
        <translation>→ %1  %2 %</translation>
    </message>
    <message>
        <source>score %1</source>
        <translation>pontuação %1</translation>
    </message>
    <message>
        <source> · p(label) %1 %</source>
        <translation> · p(etiqueta) %1 %</translation>
    </message>
    <message>
        <source>Specimen %1
Label: %2
Suggested: %3 (%4 %)</source>
        <translation>Espécime %1
Etiqueta: %2
Sugerido: %3 (%4 %)</translation>
    </message>
</context>
<context>
    <name>taxo::ui::RunHistoryPage</name>
    <message>
        <source>Run</source>
        <translation>Execução</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Nome</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Estado</translation>
    </message>
    <message>
        <source>Backbone</source>
        <translation>Rede base</translation>
    </message>
    <message>
        <source>Head</source>
        <translation>Cabeça</translation>
    </message>
    <message>
        <source>Batch</source>
        <translation>Lote</translation>
    </message>
    <message>
        <source>Learning rate</source>
        <translation>Taxa de aprendizagem</translation>
    </message>
    <message>
        <source>Epochs</source>
        <translation>Épocas</translation>
    </message>
    <message>
        <source>Best epoch</source>
        <translation>Melhor época</translation>
    </message>
    <message>
        <source>Val. accuracy %</source>
        <translation>Exatidão val. %</translation>
    </message>
    <message>
        <source>Val. macro-F1 %</source>
        <translation>Macro-F1 val. %</translation>
    </message>
    <message>
        <source>Metric</source>
        <translation>Métrica</translation>
    </message>
    <message>
        <source>Run A</source>
        <translation>Execução A</translation>
    </message>
    <message>
        <source>Run B</source>
        <translation>Execução B</translation>
    </message>
    <message>
        <source>B − A</source>
        <translation>B − A</translation>
    </message>
    <message>
        <source>Compare run A</source>
        <translation>Comparar a execução A</translation>
    </message>
    <message>
        <source>with run B</source>
        <translation>com a execução B</translation>
    </message>
    <message>
        <source>#%1 %2</source>
        <translation>#%1 %2</translation>
    </message>
    <message>
        <source>A</source>
        <translation>A</translation>
    </message>
    <message>
        <source>B</source>
        <translation>B</translation>
    </message>
    <message>
        <source>validation accuracy %</source>
        <translation>exatidão de validação %</translation>
    </message>
    <message>
        <source>validation macro-F1 %</source>
        <translation>macro-F1 de validação %</translation>
    </message>
    <message>
        <source>validation top-5 %</source>
        <translation>top-5 de validação %</translation>
    </message>
    <message>
        <source>test accuracy %</source>
        <translation>exatidão de teste %</translation>
    </message>
    <message>
        <source>test macro-F1 %</source>
        <translation>macro-F1 de teste %</translation>
    </message>
    <message>
        <source>test top-5 %</source>
        <translation>top-5 de teste %</translation>
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
    <message>
        <source>No predictions: no run yet. Train a model on the Training page.</source>
        <translation>Sem previsões: ainda sem execuções. Treine um modelo na página Treino.</translation>
    </message>
    <message>
        <source>No predictions: this photo is excluded from training and evaluation.</source>
        <translation>Sem previsões: esta fotografia está excluída do treino e da avaliação.</translation>
    </message>
    <message>
        <source>No predictions: this photo is in the training part, and runs predict only their validation and test parts.</source>
        <translation>Sem previsões: esta fotografia está na parte de treino, e as execuções só preveem as suas partes de validação e de teste.</translation>
    </message>
    <message>
        <source>No predictions: this photo is in no part of the split (split the project again to include it).</source>
        <translation>Sem previsões: esta fotografia não está em nenhuma parte da partição (volte a particionar o projeto para a incluir).</translation>
    </message>
    <message>
        <source>No predictions from the chosen run for this photo: choose a run in the menu above the grid.</source>
        <translation>A execução escolhida não tem previsões para esta fotografia: escolha uma execução no menu por cima da grelha.</translation>
    </message>
    <message>
        <source>No predictions: no specimen selected.</source>
        <translation>Sem previsões: nenhum espécime selecionado.</translation>
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
    <name>taxo::ui::TrainingCharts</name>
    <message>
        <source>loss</source>
        <translation>perda</translation>
    </message>
    <message>
        <source>fraction</source>
        <translation>fração</translation>
    </message>
    <message>
        <source>Loss of each batch</source>
        <translation>Perda de cada lote</translation>
    </message>
    <message>
        <source>batch loss</source>
        <translation>perda do lote</translation>
    </message>
    <message>
        <source>Loss</source>
        <translation>Perda</translation>
    </message>
    <message>
        <source>Accuracy</source>
        <translation>Exatidão</translation>
    </message>
    <message>
        <source>Macro-F1</source>
        <translation>Macro-F1</translation>
    </message>
    <message>
        <source>Top-5 accuracy</source>
        <translation>Exatidão top-5</translation>
    </message>
    <message>
        <source>validation</source>
        <translation>validação</translation>
    </message>
    <message>
        <source>train</source>
        <translation>treino</translation>
    </message>
    <message>
        <source>Taxoscope learning curves</source>
        <translation>Curvas de aprendizagem do Taxoscope</translation>
    </message>
</context>
<context>
    <name>taxo::ui::TrainingPage</name>
    <message>
        <source>off</source>
        <translation>desligado</translation>
    </message>
    <message>
        <source>none</source>
        <translation>nenhum</translation>
    </message>
    <message>
        <source>inverse frequency</source>
        <translation>frequência inversa</translation>
    </message>
    <message>
        <source>effective number</source>
        <translation>número efetivo</translation>
    </message>
    <message>
        <source>all cores</source>
        <translation>todos os núcleos</translation>
    </message>
    <message>
        <source>Backbone</source>
        <translation>Rede base</translation>
    </message>
    <message>
        <source>Head</source>
        <translation>Cabeça</translation>
    </message>
    <message>
        <source>Batch size</source>
        <translation>Tamanho do lote</translation>
    </message>
    <message>
        <source>Learning rate (AdamW)</source>
        <translation>Taxa de aprendizagem (AdamW)</translation>
    </message>
    <message>
        <source>Weight decay</source>
        <translation>Decaimento dos pesos</translation>
    </message>
    <message>
        <source>Epochs (at most)</source>
        <translation>Épocas (no máximo)</translation>
    </message>
    <message>
        <source>Early-stopping patience</source>
        <translation>Paciência da paragem antecipada</translation>
    </message>
    <message>
        <source>Class weights</source>
        <translation>Pesos das classes</translation>
    </message>
    <message>
        <source>Augmentation</source>
        <translation>Aumento de dados</translation>
    </message>
    <message>
        <source>Augmented views</source>
        <translation>Vistas aumentadas</translation>
    </message>
    <message>
        <source>Seed</source>
        <translation>Semente</translation>
    </message>
    <message>
        <source>Device</source>
        <translation>Dispositivo</translation>
    </message>
    <message>
        <source>Threads</source>
        <translation>Fios de execução</translation>
    </message>
    <message>
        <source>Run settings</source>
        <translation>Definições da execução</translation>
    </message>
    <message>
        <source>Start</source>
        <translation>Iniciar</translation>
    </message>
    <message>
        <source>Pause</source>
        <translation>Pausar</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Cancelar</translation>
    </message>
    <message>
        <source>Export charts…</source>
        <translation>Exportar gráficos…</translation>
    </message>
    <message>
        <source>No run yet</source>
        <translation>Ainda sem execuções</translation>
    </message>
    <message>
        <source> (not installed)</source>
        <translation> (não instalada)</translation>
    </message>
    <message>
        <source>Run %1: %2</source>
        <translation>Execução %1: %2</translation>
    </message>
    <message>
        <source>Epoch %1 of %2</source>
        <translation>Época %1 de %2</translation>
    </message>
    <message>
        <source>Training</source>
        <translation>Treino</translation>
    </message>
    <message>
        <source>Paused</source>
        <translation>Em pausa</translation>
    </message>
    <message>
        <source>Elapsed %1, left %2</source>
        <translation>Decorrido %1, falta %2</translation>
    </message>
    <message>
        <source>Run %1 finished</source>
        <translation>Execução %1 concluída</translation>
    </message>
    <message>
        <source>Run stopped: %1</source>
        <translation>Execução parada: %1</translation>
    </message>
    <message>
        <source>Elapsed %1</source>
        <translation>Decorrido %1</translation>
    </message>
    <message>
        <source>Resume</source>
        <translation>Retomar</translation>
    </message>
    <message>
        <source>PNG image (*.png);;SVG drawing (*.svg)</source>
        <translation>Imagem PNG (*.png);;Desenho SVG (*.svg)</translation>
    </message>
    <message>
        <source>PNG image (*.png)</source>
        <translation>Imagem PNG (*.png)</translation>
    </message>
    <message>
        <source>Export charts</source>
        <translation>Exportar gráficos</translation>
    </message>
    <message>
        <source>Could not write %1.</source>
        <translation>Não foi possível escrever %1.</translation>
    </message>
    <message>
        <source>Frozen (cached features)</source>
        <translation>Congelada (características em cache)</translation>
    </message>
    <message>
        <source>Fine-tuned (end to end)</source>
        <translation>Afinada (de ponta a ponta)</translation>
    </message>
    <message>
        <source>From-scratch CNN</source>
        <translation>CNN treinada de raiz</translation>
    </message>
    <message>
        <source>Frozen: the head trains on cached embeddings (seconds). Fine-tuned: the backbone&apos;s last blocks train too, from the photos, at their own learning rate (much slower).</source>
        <translation>Congelada: a cabeça treina sobre representações em cache (segundos). Afinada: os últimos blocos da rede base também treinam, a partir das fotografias, com a sua própria taxa de aprendizagem (muito mais lento).</translation>
    </message>
    <message>
        <source>How many of the backbone&apos;s last blocks train</source>
        <translation>Quantos dos últimos blocos da rede base treinam</translation>
    </message>
    <message>
        <source>AdamW learning rate of the unfrozen backbone blocks (the head keeps its own)</source>
        <translation>Taxa de aprendizagem AdamW dos blocos descongelados da rede base (a cabeça mantém a sua)</translation>
    </message>
    <message>
        <source>Sequential CNN</source>
        <translation>CNN sequencial</translation>
    </message>
    <message>
        <source>Two-block CNN</source>
        <translation>CNN de dois blocos</translation>
    </message>
    <message>
        <source>Which stored split of the project the run trains, validates and tests on</source>
        <translation>Em que partição guardada do projeto a execução treina, valida e testa</translation>
    </message>
    <message>
        <source>Backbone training</source>
        <translation>Treino da rede base</translation>
    </message>
    <message>
        <source>Blocks to fine-tune</source>
        <translation>Blocos a afinar</translation>
    </message>
    <message>
        <source>Backbone learning rate</source>
        <translation>Taxa de aprendizagem da rede base</translation>
    </message>
    <message>
        <source>Scratch model</source>
        <translation>Modelo de raiz</translation>
    </message>
    <message>
        <source>Split</source>
        <translation>Partição</translation>
    </message>
    <message>
        <source>the project&apos;s active split</source>
        <translation>a partição ativa do projeto</translation>
    </message>
    <message>
        <source>#%1 %2 (%3, seed %4)%5</source>
        <translation>n.º %1 %2 (%3, semente %4)%5</translation>
    </message>
    <message>
        <source>, active</source>
        <translation>, ativa</translation>
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
